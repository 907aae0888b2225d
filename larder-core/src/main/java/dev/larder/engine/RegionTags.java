package dev.larder.engine;

import java.util.Arrays;

/**
 * The tag and block of every indexed record appended to a region since it was opened, so that a
 * reclaim can ask the index which records are still live without reading the region: with values
 * of kilobytes, nearly all of the oldest region is data written over since, and reading and
 * checksumming it whole was a sixth of the server's time under 4 KiB SETs (docs/performance.md).
 *
 * <p>Regions written before this process opened the log, and regions of more records than
 * {@link #maxEntries} (one per KiB of region: many small records, where tracking would cost more
 * memory than the read it saves), are untracked; their reclaim reads them whole. Guarded by the
 * writer's lock.
 */
final class RegionTags {
    private static final int BLOCK_BITS = 16; // Geometry.MAX_BLOCKS_PER_REGION is 2^15
    private static final int FIRST_CAPACITY = 64;

    private final long[][] entries; // per region: tag << 16 | block within the region; null: untracked
    private final int[] counts;
    private final int maxEntries;

    RegionTags(Geometry geometry) {
        entries = new long[geometry.regionCount()][];
        counts = new int[geometry.regionCount()];
        maxEntries = Math.max(FIRST_CAPACITY, geometry.regionSize() / 1024);
    }

    /** The region is opened for writing: tracked from now, empty. */
    void open(int region) {
        counts[region] = 0;
        if (entries[region] == null) entries[region] = new long[FIRST_CAPACITY];
    }

    /** An indexed record of {@code tag} was appended at {@code blockInRegion}. */
    void add(int region, long tag, int blockInRegion) {
        long[] tags = entries[region];
        if (tags == null) return;
        int count = counts[region];
        if (count == tags.length) {
            if (count == maxEntries) {
                entries[region] = null; // too many small records: reclaim reads this region whole
                return;
            }
            entries[region] = tags = Arrays.copyOf(tags, Math.min(maxEntries, count * 2));
        }
        tags[count] = tag << BLOCK_BITS | blockInRegion;
        counts[region] = count + 1;
    }

    /** Whether the region's records are all known (see {@link #add}). */
    boolean tracked(int region) {
        return entries[region] != null;
    }

    int count(int region) {
        return counts[region];
    }

    /** The tag of the region's {@code i}-th tracked record, in write order. */
    long tag(int region, int i) {
        return entries[region][i] >>> BLOCK_BITS;
    }

    /** The block, counted from the region's start, of the region's {@code i}-th tracked record. */
    int block(int region, int i) {
        return (int) (entries[region][i] & ((1 << BLOCK_BITS) - 1));
    }
}
