package dev.larder.engine;

import dev.larder.io.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes batches: one positional write per contiguous run and one {@code fdatasync} per batch.
 * A background thread flushes when a batch is due (count, size, age, or a waiting durable put);
 * {@link #flushNow} does the same in the caller's thread. Writes are serialised by
 * {@code flushLock}, so batches reach the device in append order; syncs by {@code syncLock}.
 */
final class RegionFlusher {
    private final RegionWriter writer;
    private final Device device;
    private final EngineStats stats;
    private final boolean syncBatches;
    private final int maxRecords;
    private final long maxBytes;
    private final long maxAgeNs;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile long written; // batches written; changed under flushLock
    private long synced; // guarded by syncLock: the value of written a finished sync covers
    private IOException syncFailure; // guarded by syncLock
    private volatile boolean stopping;
    private Thread thread;

    RegionFlusher(RegionWriter writer, Device device, EngineStats stats, boolean syncBatches,
                  int maxRecords, long maxBytes, long maxAgeNs) {
        this.writer = writer;
        this.device = device;
        this.stats = stats;
        this.syncBatches = syncBatches;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.maxAgeNs = maxAgeNs;
    }

    void start() {
        thread = Thread.ofPlatform().name("larder-flusher").daemon(true).start(this::run);
    }

    private void run() {
        while (awaitDue()) {
            try {
                flushNow(syncBatches);
            } catch (UncheckedIOException e) {
                return; // the writer recorded the failure and told every waiter; nothing more to write
            }
        }
    }

    /** Waits until a batch is due; false once stopping. */
    private boolean awaitDue() {
        ReentrantLock lock = writer.lock();
        lock.lock();
        try {
            while (!stopping && !writer.flushDue(maxRecords, maxBytes, maxAgeNs)) {
                long waitNs = writer.nanosUntilDue(maxAgeNs);
                if (waitNs == Long.MAX_VALUE) {
                    writer.flusherParked = true;
                    try {
                        writer.flushWanted.awaitUninterruptibly();
                    } finally {
                        writer.flusherParked = false;
                    }
                } else {
                    writer.flushWanted.awaitNanos(waitNs);
                }
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes (and, if {@code sync}, syncs) everything appended before this call. The sync runs
     * outside {@code flushLock}: an fdatasync can take 100 ms while the kernel writes back, and
     * writes behind it (a server's {@code writeOut} before its replies) must not wait for it.
     */
    void flushNow(boolean sync) {
        // A cache that promises durability syncs every batch it writes: a batch written without a
        // sync would release its waiters (and drop its undo entries) before it is durable.
        sync |= syncBatches;
        long startNs = stats.flush.start();
        RegionWriter.Flush flush;
        flushLock.lock();
        try {
            flush = writer.capture();
            if (flush != null) write(flush);
        } finally {
            flushLock.unlock();
        }
        if (sync) {
            try {
                syncWritten();
            } catch (IOException e) {
                writer.fail(flush, e);
                throw new UncheckedIOException("sync failed", e);
            }
        }
        if (flush == null) return;
        stats.flush.recordSince(startNs);
        writer.durable(flush);
    }

    /** Writes the flush's runs in order; under {@code flushLock}. */
    private void write(RegionWriter.Flush flush) {
        try {
            for (RegionWriter.Run run : flush.runs()) device.write(run.bytes(), run.deviceOffset());
        } catch (IOException e) {
            writer.fail(flush, e);
            throw new UncheckedIOException("flush failed", e);
        }
        stats.countBatch(flush.batch());
        writer.written(flush);
        written++;
    }

    /**
     * Syncs every write finished before this call, once: callers that queue behind a running sync
     * that started after their write need none of their own.
     */
    private void syncWritten() throws IOException {
        syncLock.lock();
        try {
            // after a failed fdatasync Linux may report the next one clean though the pages are lost
            if (syncFailure != null) throw new IOException("an earlier sync failed", syncFailure);
            long target = written;
            if (synced >= target) return;
            try {
                device.sync();
            } catch (IOException e) {
                syncFailure = e;
                throw e;
            }
            synced = target;
        } finally {
            syncLock.unlock();
        }
    }

    /** Clears the writer (see {@link RegionWriter#clear}) while no flush can run. */
    void clear(RegionWriter.ClearRecord record) throws IOException {
        flushLock.lock();
        try {
            writer.clear(record);
        } finally {
            flushLock.unlock();
        }
    }

    /** Stops the background thread after its current flush. */
    void stop() {
        ReentrantLock lock = writer.lock();
        lock.lock();
        try {
            stopping = true;
            writer.flushWanted.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (thread != null) thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
