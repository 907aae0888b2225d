package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO; thread-safe. */
public final class ServerStats {
    private final long startedNanos = System.nanoTime();
    private final LongAdder commands = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();
    private final LongAdder writeBarriers = new LongAdder();
    private volatile long lastSaveMs = System.currentTimeMillis();

    public long uptimeSeconds() { return (System.nanoTime() - startedNanos) / 1_000_000_000L; }
    public long commands() { return commands.sum(); }
    public long rejectedCalls() { return rejectedCalls.sum(); }
    public long lastSaveMs() { return lastSaveMs; }
    /** Group commits: one writeOut (or sync) each, covering every client served in one event-loop pass. */
    public long writeBarriers() { return writeBarriers.sum(); }

    /** Counts a command and, if its reply is an error, a rejected call. */
    public void executed(Reply reply) {
        commands.increment();
        if (reply instanceof Reply.Error) rejectedCalls.increment();
    }

    public void saved(long nowMs) { lastSaveMs = nowMs; }
    public void writeBarrier() { writeBarriers.increment(); }

    void reset() {
        commands.reset();
        rejectedCalls.reset();
    }
}
