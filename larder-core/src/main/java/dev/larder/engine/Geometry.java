package dev.larder.engine;

/**
 * How the device is cut up: two superblock slots (one block each), then {@code regionCount}
 * regions of equal size.
 *
 * <pre>
 *  0         B         2B         2B + R                             capacity
 *  +---------+---------+----------+----------+-----+------------+--+
 *  | super A | super B | region 0 | region 1 | ... | region n-1 |  |  (tail unused)
 *  +---------+---------+----------+----------+-----+------------+--+
 * </pre>
 *
 * Block addresses (offset / blockSize) are unsigned 32-bit in the index, so a device holds at most
 * 2^32 blocks (16 TiB at 4 KiB).
 */
record Geometry(int blockSize, int regionSize, int regionCount) {
    static final int MAX_BLOCKS_PER_REGION = 1 << 15; // Location keeps a record's size in 15 bits
    static final long MAX_BLOCKS = 1L << 32;
    static final int SUPERBLOCK_SLOTS = 2;
    /** The superblock (52 bytes) must fit in one block; O_DIRECT needs 4 KiB (checked where it is chosen). */
    static final int MIN_BLOCK_SIZE = 64;
    static final int MAX_BLOCK_SIZE = 1 << 20;
    /** Two superblocks and two regions of four blocks, at the smallest block size. */
    static final int MIN_DEVICE_BYTES = (SUPERBLOCK_SLOTS + 2 * 4) * MIN_BLOCK_SIZE;

    static Geometry of(long capacityBytes, int blockSize, int regionSize) {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSizeBytes must be a power of two from 64 B to 1 MiB: " + blockSize);
        }
        if (regionSize % blockSize != 0 || regionSize / blockSize < 4 || regionSize / blockSize > MAX_BLOCKS_PER_REGION) {
            throw new IllegalArgumentException("regionSizeBytes must be a multiple of the block size (" + blockSize
                    + ") between 4 and " + MAX_BLOCKS_PER_REGION + " blocks: " + regionSize);
        }
        long regions = (capacityBytes - (long) SUPERBLOCK_SLOTS * blockSize) / regionSize;
        if (regions < 2) {
            throw new IllegalArgumentException("capacityBytes " + capacityBytes + " holds fewer than 2 regions of "
                    + regionSize + " bytes; the minimum is " + ((long) SUPERBLOCK_SLOTS * blockSize + 2L * regionSize));
        }
        if (capacityBytes / blockSize >= MAX_BLOCKS) {
            throw new IllegalArgumentException("capacityBytes " + capacityBytes + " exceeds 2^32 blocks of " + blockSize
                    + " bytes; use a larger block size");
        }
        return new Geometry(blockSize, regionSize, (int) Math.min(regions, Integer.MAX_VALUE));
    }

    long deviceBytes() {
        return firstRegionOffset() + (long) regionSize * regionCount;
    }

    long regionOffset(int region) {
        return firstRegionOffset() + (long) region * regionSize;
    }

    int regionOf(long offset) {
        return (int) ((offset - firstRegionOffset()) / regionSize);
    }

    private long firstRegionOffset() {
        return (long) SUPERBLOCK_SLOTS * blockSize;
    }

    int blocks(int bytes) {
        return bytes / blockSize;
    }

    int roundUp(long bytes) {
        return (int) ((bytes + blockSize - 1) & -blockSize);
    }
}
