package dev.larder.bench.disk;

/**
 * Capacities that hold a phase's writes without eviction. Mirrors the engine's layout (see
 * {@code RecordDescriptor}, {@code Geometry}): a record is a 40-byte header, key, value and a 4-byte
 * CRC rounded up to whole 4 KiB blocks; records never straddle 16 MiB regions, whose first block
 * is a header. Two spare regions cover the open region and rounding. Every phase also checks
 * {@code DiskStats.evictedRegions() == 0} afterwards, so a drift in these numbers is reported, not
 * silently measured.
 */
public final class CacheSizing {
    public static final int BLOCK_BYTES = 4096;
    public static final int REGION_BYTES = 16 << 20;
    public static final int RECORD_OVERHEAD_BYTES = 44;
    private static final int SPARE_REGIONS = 2;

    private CacheSizing() {}

    public static long recordBytes(int valueBytes) {
        long unpadded = RECORD_OVERHEAD_BYTES + Keys.KEY_BYTES + (long) valueBytes;
        return (unpadded + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES;
    }

    /** Largest value whose record (with a {@link Keys#KEY_BYTES}-byte key) fills exactly one block. */
    public static int oneBlockValueBytes() {
        return BLOCK_BYTES - RECORD_OVERHEAD_BYTES - Keys.KEY_BYTES;
    }

    public static long capacityFor(long records, int valueBytes) {
        long perRegion = (REGION_BYTES - BLOCK_BYTES) / recordBytes(valueBytes);
        if (perRegion == 0) throw new IllegalArgumentException("value of " + valueBytes + " bytes exceeds a region");
        long regions = (records + perRegion - 1) / perRegion + SPARE_REGIONS;
        return 2L * BLOCK_BYTES + regions * REGION_BYTES; // two superblock slots, then regions
    }
}
