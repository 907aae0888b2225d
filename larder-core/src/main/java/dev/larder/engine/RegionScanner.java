package dev.larder.engine;

import java.nio.ByteBuffer;

/**
 * Walks the valid records of one region image in write order: from the first block after the
 * header to the first record that fails validation or does not increase the sequence number —
 * the end of the region's log (torn tail, leftover of an earlier use, or corruption).
 */
final class RegionScanner {
    /** Receives each record's offset in the image and its padded size; false stops the walk. */
    interface RecordVisitor {
        boolean visit(int offset, int size);
    }

    /** Receives a record the index still points at: its key, tag and indexed location (with hit bit). */
    interface IndexedVisitor {
        boolean visit(int offset, byte[] key, long tag, long indexedLocation);
    }

    private RegionScanner() {}

    /**
     * Walks the records of region {@code regionIndex} that are still live: plain values (no
     * tombstones, chunks) that the index points at.
     */
    static void scanIndexed(ByteBuffer region, int regionIndex, long epoch, Geometry geometry, KeyIndex index,
                            IndexedVisitor visitor) {
        long firstBlock = geometry.regionOffset(regionIndex) / geometry.blockSize();
        scan(region, epoch, geometry, (offset, size) -> {
            if ((RecordDescriptor.flags(region, offset) & (RecordDescriptor.TOMBSTONE | RecordDescriptor.CHUNK)) != 0) return true;
            byte[] key = RecordDescriptor.key(region, offset);
            long tag = KeyIndex.tag(KeyHash.hash(key));
            long location = Location.of(firstBlock + geometry.blocks(offset), geometry.blocks(size));
            long current = index.find(tag);
            if (current == Location.NONE || Location.withoutHit(current) != location) return true;
            return visitor.visit(offset, key, tag, current);
        });
    }

    static void scan(ByteBuffer region, long epoch, Geometry geometry, RecordVisitor visitor) {
        long lastSeq = epoch;
        for (int offset = geometry.blockSize(), size; offset < region.limit(); offset += size) {
            size = RecordDescriptor.validate(region, offset, region.limit() - offset, epoch, geometry.blockSize());
            if (size < 0 || RecordDescriptor.seq(region, offset) <= lastSeq) return;
            lastSeq = RecordDescriptor.seq(region, offset);
            if (!visitor.visit(offset, size)) return;
        }
    }
}
