package dev.larder.server.keyspace;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The memory tier's evictions as the key directory needs them (see {@link Keyspace}): every one
 * counted, and the store keys queued while the directory references values, so it can drop them.
 * The memory tier calls {@link #evicted} on the thread whose operation evicted.
 */
final class MemoryEvictions {
    private final Queue<byte[]> keys = new ConcurrentLinkedQueue<>();
    private final LongAdder count = new LongAdder();
    private volatile boolean queueing = true;

    void evicted(byte[] storeKey) {
        count.increment();
        if (queueing) keys.add(storeKey);
    }

    /** The next queued store key, or null. */
    byte[] poll() {
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
