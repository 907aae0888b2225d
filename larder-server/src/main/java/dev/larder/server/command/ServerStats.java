package dev.larder.server.command;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO; thread-safe. */
public final class ServerStats {
    private final long startedMs = System.currentTimeMillis();
    private final long startedNanos = System.nanoTime();
    final LongAdder commands = new LongAdder();
    final LongAdder rejectedCalls = new LongAdder();
    private final LongAdder inputBytes = new LongAdder();
    private final LongAdder outputBytes = new LongAdder();
    volatile long lastSaveMs = startedMs;
    private volatile long writeBarriers;
    private volatile long syncs;

    public long startedMs() { return startedMs; }
    public long uptimeSeconds() { return (System.nanoTime() - startedNanos) / 1_000_000_000L; }
    public long commands() { return commands.sum(); }
    public long rejectedCalls() { return rejectedCalls.sum(); }
    public long inputBytes() { return inputBytes.sum(); }
    public long outputBytes() { return outputBytes.sum(); }
    public long lastSaveMs() { return lastSaveMs; }
    public long writeBarriers() { return writeBarriers; }
    public long syncs() { return syncs; }

    /** Counts a command and, if its reply is an error, a rejected call. */
    public void executed(dev.larder.server.protocol.Reply reply) {
        commands.increment();
        if (reply instanceof dev.larder.server.protocol.Reply.Error) rejectedCalls.increment();
    }

    public void read(long bytes) { inputBytes.add(bytes); }
    public void wrote(long bytes) { outputBytes.add(bytes); }
    public void saved(long nowMs) { lastSaveMs = nowMs; }
    public void writeBarrier() { writeBarriers++; }
    public void synced() { syncs++; }

    void reset() {
        commands.reset();
        rejectedCalls.reset();
        inputBytes.reset();
        outputBytes.reset();
    }
}
