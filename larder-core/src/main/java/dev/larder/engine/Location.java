package dev.larder.engine;

/**
 * Where a record lives, packed in a long: {@code blockAddress << 16 | (sizeBlocks - 1) << 1 | hit}.
 * The block address counts blocks from the start of the device (unsigned 32 bits); the size is
 * 1 to 32768 blocks; {@code hit} records a read since the write (eviction reinserts hit records).
 */
final class Location {
    static final long NONE = -1;
    private static final long HIT = 1;

    private Location() {}

    static long of(long blockAddress, int sizeBlocks) {
        return blockAddress << 16 | (long) (sizeBlocks - 1) << 1;
    }

    static long blockAddress(long location) {
        return location >>> 16;
    }

    static int sizeBlocks(long location) {
        return (int) ((location >>> 1) & 0x7FFF) + 1;
    }

    static boolean hit(long location) {
        return (location & HIT) != 0;
    }

    static long withHit(long location) {
        return location | HIT;
    }

    static long withoutHit(long location) {
        return location & ~HIT;
    }
}
