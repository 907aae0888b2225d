package dev.larder.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The device's first block: identifies a Larder file and fixes its geometry. Little-endian.
 *
 * <pre>
 *  0        8         12          16           20            24           32        36
 *  +--------+---------+-----------+------------+-------------+------------+---------+
 *  | magic  | version | blockSize | regionSize | regionCount | createdMs  | crc32c  |  (rest zero)
 *  +--------+---------+-----------+------------+-------------+------------+---------+
 * </pre>
 * crc32c covers bytes [0, 32).
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
    static final int CRC_OFFSET = 32;

    private SuperblockDescriptor() {}

    static void write(ByteBuffer block, Geometry geometry, long createdMs) {
        block.putLong(MAGIC_OFFSET, MAGIC)
                .putInt(VERSION_OFFSET, VERSION)
                .putInt(BLOCK_SIZE_OFFSET, geometry.blockSize())
                .putInt(REGION_SIZE_OFFSET, geometry.regionSize())
                .putInt(REGION_COUNT_OFFSET, geometry.regionCount())
                .putLong(CREATED_OFFSET, createdMs)
                .putInt(CRC_OFFSET, crc(block));
    }

    /** Parses and validates; {@code deviceBytes} is the actual size, checked against the geometry. */
    static Geometry read(ByteBuffer block, Path path, long deviceBytes) throws IOException {
        if (block.getLong(MAGIC_OFFSET) != MAGIC) {
            throw new IOException(path + " is not a Larder data file (bad magic); refusing to overwrite it");
        }
        int version = block.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new IOException(path + " has format version " + version + "; this build reads version " + VERSION);
        }
        if (block.getInt(CRC_OFFSET) != crc(block)) {
            throw new IOException(path + " has a corrupt superblock (checksum mismatch)");
        }
        Geometry geometry;
        try {
            geometry = new Geometry(block.getInt(BLOCK_SIZE_OFFSET), block.getInt(REGION_SIZE_OFFSET), block.getInt(REGION_COUNT_OFFSET));
            Geometry.of(geometry.deviceBytes(), geometry.blockSize(), geometry.regionSize());
        } catch (IllegalArgumentException e) {
            throw new IOException(path + " has an invalid geometry in its superblock: " + e.getMessage(), e);
        }
        if (deviceBytes < geometry.deviceBytes()) {
            throw new IOException(path + " is truncated: its superblock declares " + geometry.deviceBytes()
                    + " bytes but the file has " + deviceBytes);
        }
        return geometry;
    }

    private static int crc(ByteBuffer block) {
        CRC32C crc = new CRC32C();
        crc.update(block.slice(0, CRC_OFFSET));
        return (int) crc.getValue();
    }
}
