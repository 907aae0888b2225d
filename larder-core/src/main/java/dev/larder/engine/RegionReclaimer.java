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
 * Frees the oldest region (FIFO eviction): reads it whole, drops the index entries that still
 * point into it, and hands back the live records that were read since written ("hit") for
 * reinsertion at the head of the log, up to half a region so reinsertion can never fill the
 * region it is written into. Each evicted key is passed to the eviction listener once it is out
 * of the index, on the writing thread.
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
    private final Consumer<byte[]> evictionListener;

    RegionReclaimer(Device device, Geometry geometry, KeyIndex index, AlignedBufferPool pool,
                    EngineStats stats, InstantSource clock, boolean reinsertHits, Consumer<byte[]> evictionListener) {
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.pool = pool;
        this.stats = stats;
        this.clock = clock;
        this.reinsertHits = reinsertHits;
        this.evictionListener = evictionListener;
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
        long[] budget = {reinsertHits ? geometry.regionSize() / 2 : 0};
        long nowMs = clock.millis();
        RegionScanner.scanIndexed(buffer, region, epoch, geometry, index, (offset, key, tag, current) -> {
            long expireAtMs = RecordDescriptor.expireAtMs(buffer, offset);
            boolean live = expireAtMs == 0 || expireAtMs > nowMs;
            int size = Location.sizeBlocks(current) * geometry.blockSize();
            boolean large = (RecordDescriptor.flags(buffer, offset) & RecordDescriptor.LARGE) != 0;
            boolean survives = Location.hit(current) && live && !large && size <= budget[0];
            if (survives) {
                budget[0] -= size;
                survivors.add(new Survivor(tag, key, RecordDescriptor.value(buffer, offset), expireAtMs));
            }
            index.removeIf(tag, current);
            if (!survives) {
                stats.evictedEntries.increment();
                evictionListener.accept(key);
            }
            return true;
        });
        return survivors;
    }
}
