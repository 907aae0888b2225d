package dev.larder.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The first block of every region, written whenever the region is (re)opened for writing. The
 * epoch is unique per opening and increases with time, so recovery replays regions in epoch order,
 * and a record whose epoch differs from its region's is a leftover of an earlier use of the
 * region and marks the end of the region's log.
 *
 * <pre>
 *  0       4         8        16       20
 *  +-------+---------+--------+--------+
 *  | magic | region  | epoch  | crc32c |  (rest of the block zero)
 *  +-------+---------+--------+--------+
 * </pre>
 * crc32c covers bytes [0, 16).
 */
final class RegionHeaderDescriptor {
    static final int MAGIC = 0x4e47524c; // "LRGN"
    static final int MAGIC_OFFSET = 0;
    static final int REGION_OFFSET = 4;
    static final int EPOCH_OFFSET = 8;
    static final int CRC_OFFSET = 16;
    static final long NO_EPOCH = -1;

    private RegionHeaderDescriptor() {}

    /** Writes a header at {@code offset}; the rest of its block must already be zero. */
    static void write(ByteBuffer buffer, int offset, int region, long epoch) {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC)
                .putInt(offset + REGION_OFFSET, region)
                .putLong(offset + EPOCH_OFFSET, epoch)
                .putInt(offset + CRC_OFFSET, crc(buffer, offset));
    }

    /** The region's epoch, or {@link #NO_EPOCH} if the header is absent, corrupt or for another region. */
    static long epoch(ByteBuffer buffer, int offset, int region) {
        if (buffer.getInt(offset + MAGIC_OFFSET) != MAGIC
                || buffer.getInt(offset + REGION_OFFSET) != region
                || buffer.getInt(offset + CRC_OFFSET) != crc(buffer, offset)) {
            return NO_EPOCH;
        }
        return buffer.getLong(offset + EPOCH_OFFSET);
    }

    private static int crc(ByteBuffer buffer, int offset) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, CRC_OFFSET));
        return (int) crc.getValue();
    }
}
