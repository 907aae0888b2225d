package dev.larder.engine;

import dev.larder.disk.WritesRefusedException;
import dev.larder.engine.SuperblockDescriptor.Superblock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/*
 * Implementation notes
 *
 * Buffers: two region-sized write buffers. One is "open" (records are appended to it); the other is
 * either "sealed" (its region is full but not yet completely written to the device) or idle.
 * Opening the next region needs an idle buffer, so a writer that fills the open region while the
 * previous one is still sealed waits for the flusher: that is the back-pressure of the write path.
 * The first region is opened by the first append, so opening a file only to read it consumes no
 * region.
 *
 * Concurrency: one lock guards the buffers, the current batch, the undo log, the region queues and
 * the sequence counter. Appends hold it for a copy into the buffer plus an index update. The
 * flusher holds it only to capture a batch (positions) and to complete it; the device write and
 * sync run outside it, on bytes that no writer touches any more. Reads of records still in a
 * buffer copy them under the lock, so a buffer is never reused under a reader. The volatile
 * openRegion/sealedRegion fields let readers of other regions skip the lock.
 *
 * Failure: a failed write or sync undoes every index change that is not durable (UndoLog) and
 * turns the writer read-only. See DiskCache for why it does not retry.
 */
final class RegionWriter {
    interface BufferedRead<T> {
        T apply(ByteBuffer buffer, int offset, int available, long epoch);
    }

    /** What one flush writes: up to two runs (the sealed region's tail, the open region's new bytes). */
    record Flush(Batch batch, List<Run> runs, long undoMark) {}

    record Run(WriteBuffer buffer, int from, int to, long deviceOffset) {
        ByteBuffer bytes() {
            return buffer.data.slice(from, to - from);
        }
    }

    private final Geometry geometry;
    private final KeyIndex index;
    private final Regions regions;
    private final RegionReclaimer reclaimer;
    private final RegionTags tags;
    private final EngineStats stats;
    /** No tag: {@link KeyIndex#tag} is never 0. */
    private static final long UNINDEXED = 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition bufferReleased = lock.newCondition();
    final Condition flushWanted = lock.newCondition();
    /** The flusher waits with no deadline (nothing was pending); guarded by {@code lock}. */
    boolean flusherParked;
    private final UndoLog undo = new UndoLog();
    private final byte[] zeros;

    private WriteBuffer open;
    private WriteBuffer sealed;
    private final ArrayDeque<WriteBuffer> idle = new ArrayDeque<>(2);
    private volatile int openRegion = -1;
    private volatile int sealedRegion = -1;
    private long nextSeq;
    private Batch current = new Batch();
    private Batch inFlight;
    private IOException failure;

    RegionWriter(Geometry geometry, KeyIndex index, Regions regions, RegionReclaimer reclaimer, RegionTags tags,
                 EngineStats stats, long nextSeq) {
        this.geometry = geometry;
        this.index = index;
        this.regions = regions;
        this.reclaimer = reclaimer;
        this.tags = tags;
        this.stats = stats;
        this.nextSeq = nextSeq;
        this.zeros = new byte[geometry.blockSize()];
        for (int i = 0; i < 2; i++) idle.push(new WriteBuffer(geometry.regionSize(), geometry.blockSize()));
    }

    ReentrantLock lock() {
        return lock;
    }

    /**
     * Appends one record and, unless {@code indexed} is false (large-value chunks), points the
     * index at it. Returns the record's location; {@link #pendingBatch} gives the batch that makes it durable.
     */
    long append(byte flags, long tag, byte[] key, byte[] value, int valueOffset, int valueLength,
                long expireAtMs, boolean indexed) {
        lock.lock();
        try {
            checkWritable();
            boolean tombstone = (flags & RecordDescriptor.TOMBSTONE) != 0;
            long location = appendLocked(flags, indexed && !tombstone ? tag : UNINDEXED, key, value, valueOffset, valueLength,
                    expireAtMs);
            if (indexed) {
                long previous = tombstone ? index.remove(tag) : index.put(tag, location);
                undo.add(tag, previous, tombstone ? Location.NONE : location);
            }
            return location;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The batch that will make everything appended so far durable (an already completed one if
     * nothing is pending); {@code urgent} asks the flusher to write it now.
     */
    Batch pendingBatch(boolean urgent) {
        lock.lock();
        try {
            checkWritable();
            if (current.isEmpty()) return inFlight != null ? inFlight : Batch.DONE;
            if (urgent) {
                current.urgent = true;
                flushWanted.signal();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** Appends a record; {@code tag}, unless {@link #UNINDEXED}, is the tag the caller indexes it under. */
    private long appendLocked(byte flags, long tag, byte[] key, byte[] value, int valueOffset, int valueLength,
                              long expireAtMs) {
        long unpadded = RecordDescriptor.unpaddedBytes(key.length, valueLength);
        int size = geometry.roundUp(unpadded);
        while (open == null || size > open.remaining()) {
            if (idle.isEmpty()) awaitSealedRelease();
            else openNextRegion();
        }
        int offset = open.appendPos;
        RecordDescriptor.write(open.data, offset, flags, open.epoch, nextSeq++, expireAtMs, key, value, valueOffset, valueLength);
        open.data.put(offset + (int) unpadded, zeros, 0, size - (int) unpadded);
        open.appendPos += size;
        if (tag != UNINDEXED) tags.add(open.region, tag, geometry.blocks(offset));
        current.add(size, true);
        // starts the flusher's age timer; a flusher already on a timer re-checks when it fires,
        // and not waking it per batch saves a context switch when callers flush batches themselves
        if (current.records == 1 && flusherParked) flushWanted.signal();
        return Location.of((geometry.regionOffset(open.region) + offset) / geometry.blockSize(), geometry.blocks(size));
    }

    private void awaitSealedRelease() {
        current.urgent = true;
        flushWanted.signal();
        bufferReleased.awaitUninterruptibly();
        checkWritable();
    }

    /**
     * Seals the open region (if any) and opens a free one, reclaiming the oldest if none is free.
     * The reclaim comes first: if reading the victim fails, nothing has changed and the append
     * that needed the space fails alone.
     */
    private void openNextRegion() {
        int region = regions.takeFree();
        List<RegionReclaimer.Survivor> survivors = List.of();
        if (region < 0) {
            region = regions.takeOldestSealed(); // never the open region: it is newer than every sealed one
            survivors = reclaim(region);
        }
        if (open != null) {
            regions.addSealed(open.region);
            sealed = open;
            sealedRegion = open.region;
        }
        long epoch = nextSeq++;
        open = idle.pop();
        open.open(region, epoch, geometry.blockSize());
        tags.open(region);
        regions.setEpoch(region, epoch);
        openRegion = region;
        current.add(geometry.blockSize(), false);
        for (RegionReclaimer.Survivor s : survivors) {
            long location = appendLocked((byte) 0, s.tag(), s.key(), s.value(), 0, s.value().length, s.expireAtMs());
            undo.add(s.tag(), index.put(s.tag(), location), location);
            stats.reinserted.increment();
        }
    }

    private List<RegionReclaimer.Survivor> reclaim(int region) {
        long epoch = regions.epoch(region);
        regions.setEpoch(region, RegionHeaderDescriptor.NO_EPOCH); // readers racing us now miss
        List<RegionReclaimer.Survivor> survivors;
        try {
            survivors = reclaimer.reclaim(region, epoch);
        } catch (IOException e) {
            regions.setEpoch(region, epoch); // the region keeps its data and its place; a later append retries
            regions.returnOldestSealed(region);
            throw new UncheckedIOException("reading region " + region + " for eviction failed", e);
        }
        undo.forgetRegion(geometry, region);
        return survivors;
    }

    /** Persists a clear: given the epoch below which every region is void; called under the writer's lock. */
    interface ClearRecord {
        void persist(long minEpoch) throws IOException;
    }

    /**
     * Forgets everything: records {@code minEpoch} durably through {@code record}, then empties the
     * index, the regions and the buffers. Writes appended but not yet flushed are dropped with the
     * rest, and their waiters released: the clear comes after them. Call with no flush running.
     */
    void clear(ClearRecord record) throws IOException {
        Batch dropped;
        lock.lock();
        try {
            checkWritable();
            record.persist(nextSeq);
            index.clear();
            regions.reset();
            undo.discardThrough(undo.mark());
            for (WriteBuffer buffer : new WriteBuffer[] {open, sealed}) if (buffer != null) idle.push(buffer);
            open = sealed = null;
            openRegion = sealedRegion = -1;
            dropped = current;
            current = new Batch();
            bufferReleased.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.durable.complete(null);
    }

    /**
     * The log's shape and the index as of now, for an {@link IndexCheckpoint}; it describes the
     * device once every write appended so far is durable. {@code superblock} is read under the
     * lock, so a concurrent clear is either wholly before or wholly after.
     */
    IndexCheckpoint.State checkpointState(Supplier<Superblock> superblock) {
        lock.lock();
        try {
            checkWritable();
            int[] sealedRegions = regions.sealedOldestFirst();
            int[] written = open == null ? sealedRegions : Arrays.copyOf(sealedRegions, sealedRegions.length + 1);
            if (open != null) written[written.length - 1] = open.region;
            long[] epochs = new long[written.length];
            for (int i = 0; i < written.length; i++) epochs[i] = regions.epoch(written[i]);
            Superblock sb = superblock.get();
            return new IndexCheckpoint.State(sb.createdMs(), sb.generation(), sb.minEpoch(), geometry, nextSeq,
                    open == null ? -1 : open.region, open == null ? 0 : open.appendPos, written, epochs, index.image());
        } finally {
            lock.unlock();
        }
    }

    /** The log mark: the next sequence number (see {@link IndexCheckpoint.State}). */
    long nextSeq() {
        lock.lock();
        try {
            return nextSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Everything appended and not yet written, or null if there is nothing; for the flusher. */
    Flush capture() {
        lock.lock();
        try {
            checkWritable();
            if (current.isEmpty()) return null;
            Batch batch = current;
            current = new Batch();
            inFlight = batch;
            List<Run> runs = new ArrayList<>(2);
            for (WriteBuffer buffer : new WriteBuffer[] {sealed, open}) {
                if (buffer != null && !buffer.fullyFlushed()) {
                    runs.add(new Run(buffer, buffer.flushedPos, buffer.appendPos,
                            geometry.regionOffset(buffer.region) + buffer.flushedPos));
                }
            }
            return new Flush(batch, runs, undo.mark());
        } finally {
            lock.unlock();
        }
    }

    /** The flush's bytes are on the device (synced or not): the next capture starts after them. */
    void written(Flush flush) {
        lock.lock();
        try {
            for (Run run : flush.runs()) run.buffer().flushedPos = run.to();
            if (sealed != null && sealed.fullyFlushed()) {
                idle.push(sealed);
                sealed = null;
                sealedRegion = -1;
                bufferReleased.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The flush is as durable as it will be (synced, or written when no sync was asked for): its
     * waiters go on. Until then {@link #pendingBatch} hands out its batch, or a later one, whose
     * sync covers it.
     */
    void durable(Flush flush) {
        lock.lock();
        try {
            if (inFlight == flush.batch()) inFlight = null;
            undo.discardThrough(flush.undoMark());
        } finally {
            lock.unlock();
        }
        flush.batch().durable.complete(null);
    }

    /**
     * A write or sync failed: writes are refused from now on, and every batch not yet durable
     * ({@code flush}, which may be null, the one in flight, the one filling) fails.
     */
    void fail(Flush flush, IOException cause) {
        List<Batch> failed = new ArrayList<>(3);
        lock.lock();
        try {
            failure = new WritesRefusedException(cause);
            undo.rollBack(index);
            if (flush != null) failed.add(flush.batch());
            if (inFlight != null) failed.add(inFlight);
            failed.add(current);
            inFlight = null;
            bufferReleased.signalAll();
        } finally {
            lock.unlock();
        }
        for (Batch batch : failed) batch.durable.completeExceptionally(failure);
    }

    /** Applies {@code read} to the record at {@code location} if its region is still buffered. */
    <T> T readBuffered(long location, BufferedRead<T> read, T notBuffered) {
        long offset = Location.blockAddress(location) * geometry.blockSize();
        int region = geometry.regionOf(offset);
        if (region != openRegion && region != sealedRegion) return notBuffered;
        lock.lock();
        try {
            for (WriteBuffer buffer : new WriteBuffer[] {open, sealed}) {
                if (buffer != null && buffer.region == region) {
                    int at = (int) (offset - geometry.regionOffset(region));
                    return read.apply(buffer.data, at, buffer.appendPos - at, buffer.epoch);
                }
            }
            return notBuffered;
        } finally {
            lock.unlock();
        }
    }

    /** True if {@code region} is open or sealed: its newest bytes may not be on the device yet. */
    boolean isBuffered(int region) {
        return region == openRegion || region == sealedRegion;
    }

    /** True if a flush is due by count, size or age (or urgent); the flusher's wake-up test. */
    boolean flushDue(int maxRecords, long maxBytes, long maxAgeNs) {
        return !current.isEmpty() && (current.urgent || current.records >= maxRecords || current.bytes >= maxBytes
                || System.nanoTime() - current.firstAppendNs >= maxAgeNs);
    }

    /** Nanoseconds until the current batch reaches its age limit; Long.MAX_VALUE if empty. */
    long nanosUntilDue(long maxAgeNs) {
        return current.isEmpty() ? Long.MAX_VALUE : maxAgeNs - (System.nanoTime() - current.firstAppendNs);
    }

    int bufferBytes() {
        return 2 * geometry.regionSize();
    }

    private void checkWritable() {
        if (failure != null) throw new UncheckedIOException(failure);
    }
}
