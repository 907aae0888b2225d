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

    /** Makes every write durable now (SAVE). */
    void save();

    /** Starts {@link #save} in the background; false if one is running (BGSAVE). */
    boolean saveInBackground();

    /** Stops the server after the current command (SHUTDOWN); {@code save} syncs first. */
    void shutdown(boolean save);
}
