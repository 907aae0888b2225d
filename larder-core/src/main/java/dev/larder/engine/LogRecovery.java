package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds the index from the device: regions in epoch order, records in write order, each
 * checked (magic, epoch, checksum, increasing sequence). A region's log ends at its first invalid
 * record — a torn tail, a leftover of the region's previous use, or corruption — so nothing after
 * a bad record is trusted. Later records and tombstones override earlier ones by construction.
 */
final class LogRecovery {
    private record RegionEpoch(int region, long epoch) {}

    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final Regions regions;
    private final AlignedBufferPool pool;
    private final long minEpoch;
    private long maxSeq;

    /** Regions with an epoch below {@code minEpoch} were cleared and count as free. */
    LogRecovery(Device device, Geometry geometry, KeyIndex index, Regions regions, AlignedBufferPool pool, long minEpoch) {
        this.minEpoch = minEpoch;
        this.maxSeq = minEpoch;
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.regions = regions;
        this.pool = pool;
    }

    /** Recovers; returns the next sequence number to use. */
    long recover() throws IOException {
        List<RegionEpoch> written = readHeaders();
        written.sort(Comparator.comparingLong(RegionEpoch::epoch));
        ByteBuffer buffer = pool.acquire(geometry.regionSize());
        try {
            for (RegionEpoch re : written) {
                buffer.clear().limit(geometry.regionSize()); // a pooled buffer may be larger (power-of-two classes)
                device.read(buffer, geometry.regionOffset(re.region()));
                replay(buffer, re.region(), re.epoch());
                regions.setEpoch(re.region(), re.epoch());
                regions.addSealed(re.region());
                maxSeq = Math.max(maxSeq, re.epoch());
            }
        } finally {
            pool.release(buffer);
        }
        return maxSeq + 1;
    }

    private List<RegionEpoch> readHeaders() throws IOException {
        List<RegionEpoch> written = new ArrayList<>();
        ByteBuffer block = pool.acquire(geometry.blockSize());
        try {
            for (int r = 0; r < geometry.regionCount(); r++) {
                block.clear();
                device.read(block, geometry.regionOffset(r));
                long epoch = RegionHeaderDescriptor.epoch(block, 0, r);
                if (epoch == RegionHeaderDescriptor.NO_EPOCH || epoch < minEpoch) regions.addFree(r);
                else written.add(new RegionEpoch(r, epoch));
            }
        } finally {
            pool.release(block);
        }
        return written;
    }

    private void replay(ByteBuffer region, int regionIndex, long epoch) {
        long firstBlock = geometry.regionOffset(regionIndex) / geometry.blockSize();
        RegionScanner.scan(region, epoch, geometry, (offset, size) -> {
            maxSeq = Math.max(maxSeq, RecordDescriptor.seq(region, offset));
            byte flags = RecordDescriptor.flags(region, offset);
            if ((flags & RecordDescriptor.CHUNK) != 0) return true;
            long tag = KeyIndex.tag(KeyHash.hash(RecordDescriptor.key(region, offset)));
            if ((flags & RecordDescriptor.TOMBSTONE) != 0) index.remove(tag);
            else index.put(tag, Location.of(firstBlock + geometry.blocks(offset), geometry.blocks(size)));
            return true;
        });
    }
}
