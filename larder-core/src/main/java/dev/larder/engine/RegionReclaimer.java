package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees the oldest region (FIFO eviction): reads it whole, drops the index entries that still
 * point into it, and hands back the live records that were read since written ("hit") for
 * reinsertion at the head of the log, up to half a region so reinsertion can never fill the
 * region it is written into.
 */
final class RegionReclaimer {
    record Survivor(long tag, byte[] key, byte[] value, long expireAtMs) {}

    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final AlignedBufferPool pool;
    private final EngineStats stats;
    private final InstantSource clock;
    private final boolean reinsertHits;

    RegionReclaimer(Device device, Geometry geometry, KeyIndex index, AlignedBufferPool pool,
                    EngineStats stats, InstantSource clock, boolean reinsertHits) {
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.pool = pool;
        this.stats = stats;
        this.clock = clock;
        this.reinsertHits = reinsertHits;
    }

    List<Survivor> reclaim(int region, long epoch) throws IOException {
        stats.evictedRegions.increment();
        if (epoch == RegionHeaderDescriptor.NO_EPOCH) return List.of();
        ByteBuffer buffer = pool.acquire(geometry.regionSize());
        try {
            device.read(buffer, geometry.regionOffset(region));
            return evictRecords(buffer, region, epoch);
        } finally {
            pool.release(buffer);
        }
    }

    private List<Survivor> evictRecords(ByteBuffer buffer, int region, long epoch) {
        List<Survivor> survivors = new ArrayList<>();
        long budget = reinsertHits ? geometry.regionSize() / 2 : 0;
        long nowMs = clock.millis();
        long firstBlock = geometry.regionOffset(region) / geometry.blockSize();
        for (int offset = geometry.blockSize(), size; offset < buffer.limit(); offset += size) {
            size = RecordDescriptor.validate(buffer, offset, buffer.limit() - offset, epoch, geometry.blockSize());
            if (size < 0) break;
            byte flags = RecordDescriptor.flags(buffer, offset);
            if ((flags & (RecordDescriptor.TOMBSTONE | RecordDescriptor.CHUNK)) != 0) continue;
            byte[] key = RecordDescriptor.key(buffer, offset);
            long tag = KeyIndex.tag(KeyHash.hash(key));
            long location = Location.of(firstBlock + geometry.blocks(offset), geometry.blocks(size));
            long current = index.find(tag);
            if (current == Location.NONE || Location.withoutHit(current) != location) continue;
            long expireAtMs = RecordDescriptor.expireAtMs(buffer, offset);
            boolean live = expireAtMs == 0 || expireAtMs > nowMs;
            if (Location.hit(current) && live && (flags & RecordDescriptor.LARGE) == 0 && size <= budget) {
                budget -= size;
                survivors.add(new Survivor(tag, key, RecordDescriptor.value(buffer, offset), expireAtMs));
            } else {
                stats.evictedEntries.increment();
            }
            index.removeIf(tag, location);
        }
        return survivors;
    }
}
