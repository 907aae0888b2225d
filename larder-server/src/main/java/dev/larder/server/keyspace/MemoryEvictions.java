package dev.larder.server.keyspace;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The memory tier's evictions as the key directory needs them (see {@link Keyspace}): every one
 * counted, and the keys queued while the directory references values, so it can drop them.
 * The memory tier calls {@link #evicted} on the thread whose operation evicted.
 */
final class MemoryEvictions {
    private final Queue<StoreKey> keys = new ConcurrentLinkedQueue<>();
    private final LongAdder count = new LongAdder();
    private volatile boolean queueing = true;

    void evicted(StoreKey key) {
        count.increment();
        if (queueing) keys.add(key);
    }

    /** The next queued key, or null. */
    StoreKey poll() {
        return keys.poll();
    }

    long count() {
        return count.sum();
    }

    /** Starts or stops queueing; stopping forgets what is queued. */
    void queueing(boolean on) {
        queueing = on;
        if (!on) keys.clear();
    }
}
