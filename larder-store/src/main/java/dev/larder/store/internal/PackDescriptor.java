package dev.larder.store.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of one blob record in a pack segment ({@code blobs/seg-NNNNNN.pack}). Big-endian.
 *
 * <pre>
 *   0       4                36         44           52    53       57
 *   +-------+----------------+----------+------------+-----+--------+----------------+
 *   | magic | sha256 (raw)   | rawLen   | storedLen  | flg | crc32c | stored bytes   |
 *   +-------+----------------+----------+------------+-----+--------+----------------+
 * </pre>
 *
 * The sha256 is of the raw (uncompressed) content; crc32c is of the stored bytes, so a flipped
 * bit is caught before decompression. A record whose header or body runs past the end of the
 * segment is a torn tail from an interrupted writer and ends the segment.
 */
public final class PackDescriptor {
    public static final int MAGIC = 0x4C424C42; // "LBLB"
    public static final int MAGIC_OFFSET = 0;
    public static final int SHA_OFFSET = 4;
    public static final int RAW_LENGTH_OFFSET = 36;
    public static final int STORED_LENGTH_OFFSET = 44;
    public static final int FLAGS_OFFSET = 52;
    public static final int CRC_OFFSET = 53;
    public static final int HEADER_BYTES = 57;

    public static final byte FLAG_RAW = 0;
    public static final byte FLAG_ZSTD = 1;

    /** Segments roll at this size so gc can rewrite one at a time. Default: 256 MiB. */
    public static final long SEGMENT_TARGET_BYTES = 256L << 20;

    private PackDescriptor() {}

    public static ByteBuffer header(byte[] sha, long rawLength, long storedLength, byte flags, int crc) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(sha).putLong(rawLength).putLong(storedLength).put(flags).putInt(crc);
        return b.flip();
    }

    public static String segmentName(int number) {
        return "seg-%06d.pack".formatted(number);
    }

    /** The segment number of a file name, or -1 if it is not a segment. */
    public static int segmentNumber(String fileName) {
        if (!fileName.matches("seg-\\d{6,}\\.pack")) return -1;
        return Integer.parseInt(fileName.substring(4, fileName.length() - 5));
    }
}
