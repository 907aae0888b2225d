package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Frees the oldest region (FIFO eviction): drops the index entries that still point into it, and
 * hands back the live records that were read since written ("hit") for reinsertion at the head of
 * the log, up to half a region so reinsertion can never fill the region it is written into. Each
 * evicted key is passed to the eviction listener once it is out of the index, on the writing
 * thread.
 *
 * <p>A region the index no longer points into ({@link KeyIndex#liveIn}) is not read at all. One
 * whose {@link RegionTags} are known is asked of the index first, and only its live records are
 * read, if they are at most a quarter of it; any other region is read whole and walked. Either
 * way every read comes before the first change, so a failed read changes nothing.
 */
final class RegionReclaimer {
    record Survivor(long tag, byte[] key, byte[] value, long expireAtMs) {}

    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final RegionTags tags;
    private final AlignedBufferPool pool;
    private final EngineStats stats;
    private final InstantSource clock;
    private final boolean reinsertHits;
    private final Consumer<byte[]> evictionListener;

    RegionReclaimer(Device device, Geometry geometry, KeyIndex index, RegionTags tags, AlignedBufferPool pool,
                    EngineStats stats, InstantSource clock, boolean reinsertHits, Consumer<byte[]> evictionListener) {
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.tags = tags;
        this.pool = pool;
        this.stats = stats;
        this.clock = clock;
        this.reinsertHits = reinsertHits;
        this.evictionListener = evictionListener;
    }

    List<Survivor> reclaim(int region, long epoch) throws IOException {
        stats.evictedRegions.increment();
        if (epoch == RegionHeaderDescriptor.NO_EPOCH || index.liveIn(region) == 0) return List.of();
        Eviction eviction = new Eviction();
        if (tags.tracked(region)) {
            LiveRecords live = liveRecords(region);
            if (live.bytes <= geometry.regionSize() / 4) {
                evictLive(live, epoch, eviction);
                return eviction.survivors;
            }
        }
        ByteBuffer buffer = pool.acquire(geometry.regionSize());
        try {
            device.read(buffer, geometry.regionOffset(region));
            RegionScanner.scanIndexed(buffer, region, epoch, geometry, index, (offset, key, tag, current) -> {
                eviction.evict(buffer, offset, key, tag, current);
                return true;
            });
            return eviction.survivors;
        } finally {
            pool.release(buffer);
        }
    }

    /** The tracked records of {@code region} the index still points at: tags and indexed locations. */
    private LiveRecords liveRecords(int region) {
        long firstBlock = geometry.regionOffset(region) / geometry.blockSize();
        LiveRecords live = new LiveRecords(tags.count(region));
        for (int i = 0; i < tags.count(region); i++) {
            long tag = tags.tag(region, i);
            long current = index.find(tag);
            if (current != Location.NONE && Location.blockAddress(current) == firstBlock + tags.block(region, i)) {
                live.add(tag, current, Location.sizeBlocks(current) * geometry.blockSize());
            }
        }
        return live;
    }

    /** Reads every live record into one buffer, then evicts them in write order. */
    private void evictLive(LiveRecords live, long epoch, Eviction eviction) throws IOException {
        if (live.count == 0) return;
        ByteBuffer buffer = pool.acquire((int) live.bytes);
        try {
            int[] at = new int[live.count];
            for (int i = 0, position = 0; i < live.count; position += live.sizes[i++]) {
                at[i] = position;
                long offset = Location.blockAddress(live.locations[i]) * geometry.blockSize();
                device.read(buffer.slice(position, live.sizes[i]), offset);
            }
            for (int i = 0; i < live.count; i++) {
                if (RecordDescriptor.validate(buffer, at[i], live.sizes[i], epoch, geometry.blockSize()) < 0) {
                    stats.checksumFailures.increment(); // its key is unknown: dropped from the index unannounced
                    if (index.removeIf(live.tags[i], live.locations[i]) != Location.NONE) stats.evictedEntries.increment();
                    continue;
                }
                eviction.evict(buffer, at[i], RecordDescriptor.key(buffer, at[i]), live.tags[i], live.locations[i]);
            }
        } finally {
            pool.release(buffer);
        }
    }

    private static final class LiveRecords {
        final long[] tags;
        final long[] locations;
        final int[] sizes;
        int count;
        long bytes;

        LiveRecords(int capacity) {
            tags = new long[capacity];
            locations = new long[capacity];
            sizes = new int[capacity];
        }

        void add(long tag, long location, int size) {
            tags[count] = tag;
            locations[count] = location;
            sizes[count++] = size;
            bytes += size;
        }
    }

    /** One region's eviction: the survivors so far and what is left of their budget. */
    private final class Eviction {
        final List<Survivor> survivors = new ArrayList<>();
        final long nowMs = clock.millis();
        long budget = reinsertHits ? geometry.regionSize() / 2 : 0;

        /**
         * Evicts the valid record at {@code offset}, indexed at {@code current} when looked up, or
         * keeps it as a survivor. The entry as removed decides: a read may have marked it hit since,
         * and an expired read may have removed it (then there is nothing to evict).
         */
        void evict(ByteBuffer buffer, int offset, byte[] key, long tag, long current) {
            long removed = index.removeIf(tag, current);
            if (removed == Location.NONE) return;
            long expireAtMs = RecordDescriptor.expireAtMs(buffer, offset);
            boolean live = expireAtMs == 0 || expireAtMs > nowMs;
            int size = Location.sizeBlocks(removed) * geometry.blockSize();
            boolean large = (RecordDescriptor.flags(buffer, offset) & RecordDescriptor.LARGE) != 0;
            if (Location.hit(removed) && live && !large && size <= budget) {
                budget -= size;
                survivors.add(new Survivor(tag, key, RecordDescriptor.value(buffer, offset), expireAtMs));
            } else {
                stats.evictedEntries.increment();
                evictionListener.accept(key);
            }
        }
    }
}
