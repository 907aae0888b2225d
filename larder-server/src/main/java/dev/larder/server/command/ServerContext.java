package dev.larder.server.command;

import dev.larder.server.keyspace.Keyspace;

/** What commands may reach of the server around them. */
public interface ServerContext {
    Keyspace keyspace();

    Clients clients();

    LiveConfig config();

    ServerStats stats();

    CommandTable commands();

    CommandCatalog catalog();

    /**
     * SAVE: makes every write durable and saves the key directory and disk index for a fast
     * restart (see {@link Keyspace#save}); throws {@link java.io.UncheckedIOException} if it could not.
     */
    void save();

    /** Starts {@link #save} in the background; false if one is running (BGSAVE). */
    boolean saveInBackground();

    /** True while a BGSAVE runs. */
    boolean saveInProgress();

    /** Stops the server after the current command (SHUTDOWN); {@code save} false skips the save. */
    void shutdown(boolean save);
}
