package dev.larder.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The superblock: identifies a Larder file, fixes its geometry and records the epoch below which
 * regions are void (set by a clear). It lives in two slots, blocks 0 and 1; each rewrite goes to
 * the slot the current one is not in, with a higher generation, so a torn rewrite leaves the other
 * slot intact. The valid slot with the highest generation wins. Little-endian.
 *
 * <pre>
 *  0       8         12          16           20            24          32           40         48
 *  +-------+---------+-----------+------------+-------------+-----------+------------+----------+--------+
 *  | magic | version | blockSize | regionSize | regionCount | createdMs | generation | minEpoch | crc32c |
 *  +-------+---------+-----------+------------+-------------+-----------+------------+----------+--------+
 * </pre>
 * crc32c covers bytes [0, 48); the rest of the block is zero.
 */
final class SuperblockDescriptor {
    static final long MAGIC = 0x564452454452414cL; // "LARDERDV" in a hex dump
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int BLOCK_SIZE_OFFSET = 12;
    static final int REGION_SIZE_OFFSET = 16;
    static final int REGION_COUNT_OFFSET = 20;
    static final int CREATED_OFFSET = 24;
    static final int GENERATION_OFFSET = 32;
    static final int MIN_EPOCH_OFFSET = 40;
    static final int CRC_OFFSET = 48;

    /** One decoded superblock. */
    record Superblock(Geometry geometry, long createdMs, long generation, long minEpoch) {
        Superblock next(long newMinEpoch) {
            return new Superblock(geometry, createdMs, generation + 1, newMinEpoch);
        }

        /** Device offset of the slot this superblock is written to. */
        long slotOffset() {
            return (generation % Geometry.SUPERBLOCK_SLOTS) * geometry.blockSize();
        }
    }

    private SuperblockDescriptor() {}

    static void write(ByteBuffer block, Superblock superblock) {
        Geometry geometry = superblock.geometry();
        block.putLong(MAGIC_OFFSET, MAGIC)
                .putInt(VERSION_OFFSET, VERSION)
                .putInt(BLOCK_SIZE_OFFSET, geometry.blockSize())
                .putInt(REGION_SIZE_OFFSET, geometry.regionSize())
                .putInt(REGION_COUNT_OFFSET, geometry.regionCount())
                .putLong(CREATED_OFFSET, superblock.createdMs())
                .putLong(GENERATION_OFFSET, superblock.generation())
                .putLong(MIN_EPOCH_OFFSET, superblock.minEpoch())
                .putInt(CRC_OFFSET, crc(block, 0));
    }

    /** The block size slot {@code bytes} declares, or 0 if it does not look like a superblock. */
    static int declaredBlockSize(ByteBuffer bytes) {
        return bytes.getLong(MAGIC_OFFSET) == MAGIC ? bytes.getInt(BLOCK_SIZE_OFFSET) : 0;
    }

    /**
     * Picks the newest valid of the two slots; {@code deviceBytes} is the actual size, checked
     * against the geometry.
     */
    static Superblock read(ByteBuffer slotA, ByteBuffer slotB, Path path, long deviceBytes) throws IOException {
        Superblock a = readSlot(slotA, path);
        Superblock b = readSlot(slotB, path);
        if (a == null && b == null) {
            boolean magic = slotA.getLong(MAGIC_OFFSET) == MAGIC || slotB.getLong(MAGIC_OFFSET) == MAGIC;
            throw new IOException(magic ? path + " has a corrupt superblock (checksum mismatch in both slots)"
                    : path + " is not a Larder data file (bad magic); refusing to overwrite it");
        }
        Superblock newest = a == null || (b != null && b.generation() > a.generation()) ? b : a;
        if (deviceBytes < newest.geometry().deviceBytes()) {
            throw new IOException(path + " is truncated: its superblock declares " + newest.geometry().deviceBytes()
                    + " bytes but the file has " + deviceBytes);
        }
        return newest;
    }

    /** The slot's superblock, or null if it holds none (zero, foreign or torn). */
    private static Superblock readSlot(ByteBuffer bytes, Path path) throws IOException {
        int at = 0;
        if (bytes.getLong(at + MAGIC_OFFSET) != MAGIC) return null;
        int version = bytes.getInt(at + VERSION_OFFSET);
        if (version != VERSION) {
            throw new IOException(path + " has format version " + version + "; this build reads version " + VERSION);
        }
        if (bytes.getInt(at + CRC_OFFSET) != crc(bytes, at)) return null;
        try {
            Geometry declared = new Geometry(bytes.getInt(at + BLOCK_SIZE_OFFSET), bytes.getInt(at + REGION_SIZE_OFFSET),
                    bytes.getInt(at + REGION_COUNT_OFFSET));
            Geometry.of(declared.deviceBytes(), declared.blockSize(), declared.regionSize()); // validates
            return new Superblock(declared, bytes.getLong(at + CREATED_OFFSET), bytes.getLong(at + GENERATION_OFFSET),
                    bytes.getLong(at + MIN_EPOCH_OFFSET));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + " has an invalid geometry in its superblock: " + e.getMessage(), e);
        }
    }

    private static int crc(ByteBuffer bytes, int at) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.slice(at, CRC_OFFSET));
        return (int) crc.getValue();
    }
}
