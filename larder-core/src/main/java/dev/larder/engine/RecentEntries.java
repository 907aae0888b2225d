package dev.larder.engine;

import dev.larder.disk.DiskCache;
import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Live entries newest first, for warming a memory tier: sealed regions from the newest, each read
 * whole and its live records visited from its end. A region reclaimed while being read is skipped.
 */
final class RecentEntries {
    private record Found(byte[] key, DiskCache.Entry entry) {}

    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final Regions regions;
    private final RegionWriter writer;
    private final AlignedBufferPool pool;
    private final InstantSource clock;

    RecentEntries(Device device, Geometry geometry, KeyIndex index, Regions regions, RegionWriter writer,
                  AlignedBufferPool pool, InstantSource clock) {
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.regions = regions;
        this.writer = writer;
        this.pool = pool;
        this.clock = clock;
    }

    void forEach(long maxBytes, BiPredicate<byte[], DiskCache.Entry> visitor) {
        List<Integer> newestFirst;
        writer.lock().lock();
        try {
            newestFirst = regions.sealedNewestFirst();
        } finally {
            writer.lock().unlock();
        }
        long remaining = maxBytes;
        for (int region : newestFirst) {
            for (Found found : liveEntriesNewestFirst(region)) {
                remaining -= found.key().length + found.entry().value().length;
                if (!visitor.test(found.key(), found.entry()) || remaining <= 0) return;
            }
        }
    }

    /** Every live key of every sealed region, with its expiry; values are not copied. */
    void forEachKey(DiskCache.KeyVisitor visitor) {
        List<Integer> sealed;
        writer.lock().lock();
        try {
            sealed = regions.sealedNewestFirst();
        } finally {
            writer.lock().unlock();
        }
        for (int region : sealed) {
            for (Found found : liveEntriesNewestFirst(region, true)) visitor.visit(found.key(), found.entry().expireAtMs());
        }
    }

    private List<Found> liveEntriesNewestFirst(int region) {
        return liveEntriesNewestFirst(region, false);
    }

    /** With {@code keysOnly}, large values are included and no value is copied. */
    private List<Found> liveEntriesNewestFirst(int region, boolean keysOnly) {
        long epoch = regions.epoch(region);
        if (epoch == RegionHeaderDescriptor.NO_EPOCH || writer.isBuffered(region)) return List.of();
        ByteBuffer buffer = pool.acquire(geometry.regionSize());
        try {
            device.read(buffer, geometry.regionOffset(region));
            buffer.flip();
            List<Found> found = new ArrayList<>();
            long nowMs = clock.millis();
            RegionScanner.scanIndexed(buffer, region, epoch, geometry, index, (offset, key, tag, location) -> {
                long expireAtMs = RecordDescriptor.expireAtMs(buffer, offset);
                boolean large = (RecordDescriptor.flags(buffer, offset) & RecordDescriptor.LARGE) != 0;
                if (expireAtMs != 0 && expireAtMs <= nowMs) return true;
                if (keysOnly) found.add(new Found(key, new DiskCache.Entry(null, expireAtMs)));
                else if (!large) found.add(new Found(key, new DiskCache.Entry(RecordDescriptor.value(buffer, offset), expireAtMs)));
                return true;
            });
            return regions.epoch(region) == epoch ? found.reversed() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading region " + region + " failed", e);
        } finally {
            pool.release(buffer);
        }
    }
}
