package dev.larder.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The records appended since the last flush. Writers that need durability wait on
 * {@link #durable}; the flusher completes it after the batch's write and sync, or completes it
 * exceptionally so every waiter sees the failure. Counters are guarded by the writer's lock.
 */
final class Batch {
    /** Stands for "nothing pending". */
    static final Batch DONE = new Batch();

    static {
        DONE.durable.complete(null);
    }

    final CompletableFuture<Void> durable = new CompletableFuture<>();
    int records;
    long bytes;
    long firstAppendNs;
    boolean urgent; // a durable put or flush() waits: flush now rather than by threshold

    void add(int recordBytes, boolean isRecord) {
        if (bytes == 0) firstAppendNs = System.nanoTime();
        bytes += recordBytes;
        if (isRecord) records++;
    }

    boolean isEmpty() {
        return bytes == 0;
    }
}
