package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO; thread-safe. */
public final class ServerStats {
    private final long startedNanos = System.nanoTime();
    private final LongAdder commands = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder writeBarriers = new LongAdder();
    private volatile long lastSaveMs = System.currentTimeMillis();
    private volatile long dirtyAtSave;
    private volatile boolean lastSaveFailed;

    public long uptimeSeconds() { return (System.nanoTime() - startedNanos) / 1_000_000_000L; }
    public long commands() { return commands.sum(); }
    public long errorReplies() { return errorReplies.sum(); }
    public long lastSaveMs() { return lastSaveMs; }
    /** The keyspace's change count ({@link dev.larder.server.keyspace.Keyspace#dirty}) at the last save; at start, 0. */
    public long dirtyAtSave() { return dirtyAtSave; }
    public boolean lastSaveFailed() { return lastSaveFailed; }
    /** Group commits: one writeOut (or sync) each, covering every client served in one event-loop pass. */
    public long writeBarriers() { return writeBarriers.sum(); }

    /** Counts a command and, if its reply is an error, an error reply. */
    public void executed(Reply reply) {
        commands.increment();
        if (reply instanceof Reply.Error) errorReplies.increment();
    }

    public void saved(long nowMs, long dirty) {
        lastSaveMs = nowMs;
        dirtyAtSave = dirty;
        lastSaveFailed = false;
    }

    public void saveFailed() { lastSaveFailed = true; }

    public void writeBarrier() { writeBarriers.increment(); }

    void reset() {
        commands.reset();
        errorReplies.reset();
    }
}
