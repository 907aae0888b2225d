package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/*
 * Implementation notes
 *
 * Sources: a record still in a write buffer is decoded there under the writer's lock; otherwise
 * from the read-only mapping (no copy besides the value itself) or by a positional read into a
 * pooled aligned buffer (the only way with O_DIRECT).
 *
 * Races with eviction: a reader may hold a location whose region is reclaimed and rewritten while
 * it reads. The reclaimer invalidates the region's epoch before it touches the index, and the
 * region is rewritten only after that, so a reader that sees the same epoch before and after its
 * read has read the old, intact bytes. If the epoch moved, or the index no longer points at the
 * location, a failed validation is a stale read (a miss), not corruption.
 */
final class RecordReader {
    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final Regions regions;
    private final RegionWriter writer;
    private final AlignedBufferPool pool;
    private final EngineStats stats;
    private final MemorySegment mapping;
    private final int maxGapBytes;
    private final int maxReadBytes;

    RecordReader(Device device, Geometry geometry, KeyIndex index, Regions regions, RegionWriter writer,
                 AlignedBufferPool pool, EngineStats stats, int maxGapBytes) {
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.regions = regions;
        this.writer = writer;
        this.pool = pool;
        this.stats = stats;
        this.mapping = device.mapping().orElse(null);
        this.maxGapBytes = maxGapBytes;
        this.maxReadBytes = Math.max(4 << 20, geometry.regionSize());
    }

    /** Reads the indexed record at {@code location} for {@code key}. */
    Decoded read(long tag, long location, byte[] key, long nowMs) {
        Decoded buffered = writer.readBuffered(location,
                (buffer, offset, available, epoch) -> Decoded.of(buffer, offset, available, epoch, key, nowMs, geometry.blockSize()),
                null);
        if (buffered != null) return buffered;
        long offset = offsetOf(location);
        int length = lengthOf(location);
        ByteBuffer bytes = acquire(offset, length);
        try {
            stats.recordsRead.increment();
            return decodeFromDevice(bytes, 0, offset, tag, location, key, nowMs);
        } finally {
            release(bytes);
        }
    }

    /** Batch read: buffered records directly, the rest by merged device reads. */
    Decoded[] readAll(long[] tags, long[] locations, byte[][] keys, int count, long nowMs) {
        Decoded[] results = new Decoded[count];
        long[] offsets = new long[count];
        int[] lengths = new int[count];
        int[] pending = new int[count];
        int disk = 0;
        for (int i = 0; i < count; i++) {
            if (locations[i] == Location.NONE) {
                results[i] = Decoded.MISS;
                continue;
            }
            byte[] key = keys[i];
            results[i] = writer.readBuffered(locations[i],
                    (buffer, offset, available, epoch) -> Decoded.of(buffer, offset, available, epoch, key, nowMs, geometry.blockSize()),
                    null);
            if (results[i] == null) {
                pending[disk] = i;
                offsets[disk] = offsetOf(locations[i]);
                lengths[disk++] = lengthOf(locations[i]);
            }
        }
        BatchReadPlanner.Plan plan = BatchReadPlanner.plan(offsets, lengths, disk, maxGapBytes, maxReadBytes);
        for (int r = 0; r < plan.runs(); r++) {
            ByteBuffer bytes = acquire(plan.offset()[r], plan.length()[r]);
            try {
                for (int k = plan.runStart()[r]; k < plan.runStart()[r + 1]; k++) {
                    int i = pending[plan.order()[k]];
                    int at = (int) (offsets[plan.order()[k]] - plan.offset()[r]);
                    results[i] = decodeFromDevice(bytes, at, offsets[plan.order()[k]], tags[i], locations[i], keys[i], nowMs);
                }
                stats.recordsRead.add(plan.runStart()[r + 1] - plan.runStart()[r]);
            } finally {
                release(bytes);
            }
        }
        return results;
    }

    /** Reads one chunk of a large value; null if it is gone (evicted) or invalid. */
    byte[] readChunk(long location, long epoch, byte[] key) {
        Decoded buffered = readBufferedChunk(location, epoch, key);
        if (buffered != null) return chunkValue(buffered);
        long offset = offsetOf(location);
        int region = geometry.regionOf(offset);
        if (regions.epoch(region) != epoch) return null;
        ByteBuffer bytes = acquire(offset, lengthOf(location));
        try {
            Decoded decoded = Decoded.of(bytes, 0, bytes.remaining(), epoch, key, 0, geometry.blockSize());
            if (regions.epoch(region) != epoch) return null;
            if (decoded.status() == Decoded.Status.CORRUPT) stats.checksumFailures.increment();
            return chunkValue(decoded);
        } finally {
            release(bytes);
        }
    }

    /**
     * Copies one chunk's value into {@code target}, verified, without an intermediate array for
     * chunks already on the device; returns its length, or -1 if it is gone or invalid.
     */
    int copyChunk(long location, long epoch, byte[] key, ByteBuffer target) {
        Decoded buffered = readBufferedChunk(location, epoch, key); // still in the write buffer: rare
        if (buffered != null) {
            byte[] chunk = chunkValue(buffered);
            if (chunk == null) return -1;
            target.put(chunk);
            return chunk.length;
        }
        long offset = offsetOf(location);
        int region = geometry.regionOf(offset);
        if (regions.epoch(region) != epoch) return -1;
        ByteBuffer bytes = acquire(offset, lengthOf(location));
        try {
            // lengths read once, as in Decoded.of; a device read is whole blocks, so it holds a header
            int keyLength = RecordDescriptor.keyLength(bytes, 0);
            int length = RecordDescriptor.valueLength(bytes, 0);
            if (RecordDescriptor.validate(bytes, 0, bytes.remaining(), epoch, geometry.blockSize(), keyLength, length) < 0) {
                if (regions.epoch(region) == epoch) stats.checksumFailures.increment();
                return -1;
            }
            if (!RecordDescriptor.keyEquals(bytes, 0, keyLength, key) || (RecordDescriptor.flags(bytes, 0) & RecordDescriptor.CHUNK) == 0) return -1;
            int start = target.position();
            int valueAt = RecordDescriptor.HEADER_BYTES + keyLength;
            target.put(bytes.slice(valueAt, length));
            if (regions.epoch(region) != epoch) { // reused while we copied: what we copied may be torn
                target.position(start);
                return -1;
            }
            return length;
        } finally {
            release(bytes);
        }
    }

    /** The chunk decoded from the write buffer, or null if its region is no longer buffered. */
    private Decoded readBufferedChunk(long location, long epoch, byte[] key) {
        return writer.readBuffered(location,
                (buffer, offset, available, bufferEpoch) -> bufferEpoch == epoch
                        ? Decoded.of(buffer, offset, available, epoch, key, 0, geometry.blockSize()) : Decoded.MISS,
                null);
    }

    private static byte[] chunkValue(Decoded decoded) {
        return decoded.status() == Decoded.Status.HIT && (decoded.flags() & RecordDescriptor.CHUNK) != 0 ? decoded.value() : null;
    }

    private Decoded decodeFromDevice(ByteBuffer bytes, int at, long offset, long tag, long location, byte[] key, long nowMs) {
        int region = geometry.regionOf(offset);
        long epoch = regions.epoch(region);
        if (epoch == RegionHeaderDescriptor.NO_EPOCH) return Decoded.MISS; // being reclaimed right now: stale
        Decoded decoded = Decoded.of(bytes, at, lengthOf(location), epoch, key, nowMs, geometry.blockSize());
        if (regions.epoch(region) != epoch) return Decoded.MISS;
        if (decoded.status() == Decoded.Status.CORRUPT) {
            // Stale, not corrupt, if the index moved on, or if the region was reclaimed and reopened
            // since we looked it up (a reinserted record can land at the very same location).
            if (Location.withoutHit(index.find(tag)) != Location.withoutHit(location) || writer.isBuffered(region)) {
                return Decoded.MISS;
            }
            stats.checksumFailures.increment();
        }
        return decoded;
    }

    private ByteBuffer acquire(long offset, int length) {
        if (mapping != null) {
            device.stats().countMappedRead(length);
            return mapping.asSlice(offset, length).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer buffer = pool.acquire(length);
        try {
            device.read(buffer, offset);
        } catch (IOException e) {
            pool.release(buffer);
            throw new UncheckedIOException("reading " + length + " bytes at offset " + offset + " failed", e);
        }
        return buffer.flip();
    }

    private void release(ByteBuffer buffer) {
        if (mapping == null) pool.release(buffer);
    }

    private long offsetOf(long location) {
        return Location.blockAddress(location) * geometry.blockSize();
    }

    private int lengthOf(long location) {
        return Location.sizeBlocks(location) * geometry.blockSize();
    }
}
