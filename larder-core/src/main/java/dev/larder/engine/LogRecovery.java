package dev.larder.engine;

import dev.larder.engine.SuperblockDescriptor.Superblock;
import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds the index from the device: regions in epoch order, records in write order, each
 * checked (magic, epoch, checksum, increasing sequence). A region's log ends at its first invalid
 * record — a torn tail, a leftover of the region's previous use, or corruption — so nothing after
 * a bad record is trusted. Later records and tombstones override earlier ones by construction.
 *
 * <p>If an {@link IndexCheckpoint} describes the log exactly as the region headers show it, and
 * nothing was appended after its end, its index is loaded instead and no region is read.
 */
final class LogRecovery {
    private record RegionEpoch(int region, long epoch) {}

    private final Device device;
    private final Geometry geometry;
    private final KeyIndex index;
    private final Regions regions;
    private final AlignedBufferPool pool;
    private final Superblock superblock;
    private final long minEpoch;
    private long maxSeq;
    private boolean fromCheckpoint;

    /** Regions with an epoch below the superblock's minEpoch were cleared and count as free. */
    LogRecovery(Device device, Geometry geometry, KeyIndex index, Regions regions, AlignedBufferPool pool, Superblock superblock) {
        this.superblock = superblock;
        this.minEpoch = superblock.minEpoch();
        this.maxSeq = minEpoch;
        this.device = device;
        this.geometry = geometry;
        this.index = index;
        this.regions = regions;
        this.pool = pool;
    }

    /** Recovers, from {@code checkpoint} (null: none) if it is current; returns the next sequence number to use. */
    long recover(Path checkpoint) throws IOException {
        List<RegionEpoch> written = readHeaders();
        written.sort(Comparator.comparingLong(RegionEpoch::epoch));
        IndexCheckpoint.State state = checkpoint == null ? null : readCheckpoint(checkpoint);
        if (state != null && describes(state, written) && !appendedAfter(state)) {
            index.load(state.index());
            for (RegionEpoch re : written) {
                regions.setEpoch(re.region(), re.epoch());
                regions.addSealed(re.region());
            }
            fromCheckpoint = true;
            return state.nextSeq();
        }
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

    /** True if the index came from a checkpoint rather than a scan of the log. */
    boolean fromCheckpoint() {
        return fromCheckpoint;
    }

    private IndexCheckpoint.State readCheckpoint(Path file) {
        try {
            return IndexCheckpoint.read(file, superblock);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or malformed: replay the log instead
        }
    }

    /** True if the checkpoint's written regions and epochs are exactly those on the device. */
    private static boolean describes(IndexCheckpoint.State state, List<RegionEpoch> written) {
        if (state.regions().length != written.size()) return false;
        for (int i = 0; i < written.size(); i++) {
            if (state.regions()[i] != written.get(i).region() || state.epochs()[i] != written.get(i).epoch()) return false;
        }
        return state.openRegion() < 0 || (written.size() > 0 && written.getLast().region() == state.openRegion());
    }

    /**
     * True if a record of the open region's epoch starts where the checkpoint says its log ended:
     * something was appended after the checkpoint (perhaps torn; replaying decides).
     */
    private boolean appendedAfter(IndexCheckpoint.State state) throws IOException {
        if (state.openRegion() < 0 || state.openEnd() + geometry.blockSize() > geometry.regionSize()) return false;
        ByteBuffer block = pool.acquire(geometry.blockSize());
        try {
            block.clear().limit(geometry.blockSize());
            device.read(block, geometry.regionOffset(state.openRegion()) + state.openEnd());
            return RecordDescriptor.startsRecord(block, 0, state.epochs()[state.epochs().length - 1]);
        } finally {
            pool.release(block);
        }
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
