package dev.larder.engine;

import java.util.Arrays;

/**
 * The tag and block of every indexed record appended to a region since it was opened, so that a
 * reclaim can ask the index which records are still live without reading the region: with values
 * of kilobytes, nearly all of the oldest region is data written over since, and reading and
 * checksumming it whole was a sixth of the server's time under 4 KiB SETs (docs/performance.md).
 *
 * <p>Memory is bounded twice, at 8 bytes a record: a region of more records than
 * {@link #maxEntries} (one per KiB of region: many small records, where tracking would cost more
 * than the read it saves) drops its list, and all lists together stay within {@link #MAX_BYTES}
 * (a log of many regions tracks as many as fit). An untracked region, and one written before this
 * process opened the log, is read whole when reclaimed. Guarded by the writer's lock.
 */
final class RegionTags {
    /** All regions' lists together: 8 MiB per GiB of log at one record per KiB, so whole logs of up to 8 GiB. */
    static final long MAX_BYTES = 64L << 20;
    private static final int BLOCK_BITS = 16; // Geometry.MAX_BLOCKS_PER_REGION is 2^15
    private static final int FIRST_CAPACITY = 64;

    private final long[][] entries; // per region: tag << 16 | block within the region; null: untracked
    private final int[] counts;
    private final int maxEntries;
    private long freeEntries;

    RegionTags(Geometry geometry, long maxBytes) {
        entries = new long[geometry.regionCount()][];
        counts = new int[geometry.regionCount()];
        maxEntries = Math.max(FIRST_CAPACITY, geometry.regionSize() / 1024);
        freeEntries = maxBytes / Long.BYTES;
    }

    /** The region is opened for writing: tracked from now, empty, if its list fits. */
    void open(int region) {
        counts[region] = 0;
        if (entries[region] == null && freeEntries >= FIRST_CAPACITY) {
            entries[region] = new long[FIRST_CAPACITY];
            freeEntries -= FIRST_CAPACITY;
        }
    }

    /** An indexed record of {@code tag} was appended at {@code blockInRegion}. */
    void add(int region, long tag, int blockInRegion) {
        long[] tags = entries[region];
        if (tags == null) return;
        int count = counts[region];
        if (count == tags.length) {
            int grown = Math.min(maxEntries, count * 2);
            if (count == maxEntries || freeEntries < grown - count) {
                entries[region] = null; // too many records, or no room: this region's reclaim reads it whole
                freeEntries += count;
                return;
            }
            entries[region] = tags = Arrays.copyOf(tags, grown);
            freeEntries -= grown - count;
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
