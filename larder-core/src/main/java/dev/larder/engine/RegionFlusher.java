package dev.larder.engine;

import dev.larder.io.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes batches: one positional write per contiguous run and one {@code fdatasync} per batch.
 * A background thread flushes when a batch is due (count, size, age, or a waiting durable put);
 * {@link #flushNow} does the same in the caller's thread. Flushes are serialised by
 * {@code flushLock}, so batches reach the device, and complete, in append order.
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
    private volatile boolean stopping;
    private boolean writtenUnsynced; // guarded by flushLock
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

    /** Writes (and, if {@code sync}, syncs) everything appended before this call. */
    void flushNow(boolean sync) {
        flushLock.lock();
        try {
            RegionWriter.Flush flush = writer.capture();
            if (flush == null) {
                if (sync && writtenUnsynced) syncEarlierWrites();
                return;
            }
            long startNs = stats.flush.start();
            try {
                for (RegionWriter.Run run : flush.runs()) device.write(run.bytes(), run.deviceOffset());
                if (sync) device.sync();
                writtenUnsynced = !sync;
            } catch (IOException e) {
                writer.fail(flush, e);
                throw new UncheckedIOException("flush failed", e);
            }
            stats.flush.recordSince(startNs);
            stats.countBatch(flush.batch());
            writer.complete(flush);
        } finally {
            flushLock.unlock();
        }
    }

    /** A batch written without a sync (see {@code writeOut}) must not escape a later durable flush. */
    private void syncEarlierWrites() {
        try {
            device.sync();
            writtenUnsynced = false;
        } catch (IOException e) {
            throw new UncheckedIOException("sync failed", e);
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
