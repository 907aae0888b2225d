package dev.larder.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one record in a region. Little-endian; a record starts on a block boundary and is
 * zero-padded to a whole number of blocks.
 *
 * <pre>
 *  0       4       5          8        16       24            32        36          40
 *  +-------+-------+----------+--------+--------+-------------+---------+-----------+-----+-------+--------+-----+
 *  | magic | flags | reserved | epoch  | seq    | expireAtMs  | keyLen  | valueLen  | key | value | crc32c | pad |
 *  +-------+-------+----------+--------+--------+-------------+---------+-----------+-----+-------+--------+-----+
 * </pre>
 *
 * <ul>
 *   <li>{@code epoch} is the region's epoch at write time (see {@link RegionHeaderDescriptor});
 *   <li>{@code seq} increases by one per record across the whole log;
 *   <li>{@code expireAtMs} is epoch milliseconds, 0 for never;
 *   <li>{@code crc32c} covers everything from {@code magic} to the end of {@code value}.
 * </ul>
 * Flags: {@link #TOMBSTONE} (a delete, no value), {@link #LARGE} (the value is a
 * {@link LargeValueManifest}), {@link #CHUNK} (a piece of a large value, never indexed).
 */
final class RecordDescriptor {
    static final int MAGIC = 0x4345524c; // "LREC"
    static final int MAGIC_OFFSET = 0;
    static final int FLAGS_OFFSET = 4;
    static final int EPOCH_OFFSET = 8;
    static final int SEQ_OFFSET = 16;
    static final int EXPIRE_OFFSET = 24;
    static final int KEY_LENGTH_OFFSET = 32;
    static final int VALUE_LENGTH_OFFSET = 36;
    static final int HEADER_BYTES = 40;
    static final int CRC_BYTES = 4;

    static final byte TOMBSTONE = 1;
    static final byte LARGE = 2;
    static final byte CHUNK = 4;

    private RecordDescriptor() {}

    static long unpaddedBytes(int keyLength, int valueLength) {
        return (long) HEADER_BYTES + keyLength + valueLength + CRC_BYTES;
    }

    /** Largest value that fits, with {@code keyLength}, into {@code bytes} of record space. */
    static int maxValueBytes(int bytes, int keyLength) {
        return bytes - HEADER_BYTES - keyLength - CRC_BYTES;
    }

    /**
     * Writes a record at {@code offset}. The padding after it must already be zero (write buffers
     * are zeroed when a region is opened).
     */
    static void write(ByteBuffer buffer, int offset, byte flags, long epoch, long seq, long expireAtMs,
                      byte[] key, byte[] value, int valueOffset, int valueLength) {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC)
                .put(offset + FLAGS_OFFSET, flags)
                .putLong(offset + EPOCH_OFFSET, epoch)
                .putLong(offset + SEQ_OFFSET, seq)
                .putLong(offset + EXPIRE_OFFSET, expireAtMs)
                .putInt(offset + KEY_LENGTH_OFFSET, key.length)
                .putInt(offset + VALUE_LENGTH_OFFSET, valueLength)
                .put(offset + HEADER_BYTES, key)
                .put(offset + HEADER_BYTES + key.length, value, valueOffset, valueLength);
        int crcOffset = offset + HEADER_BYTES + key.length + valueLength;
        buffer.putInt(crcOffset, crc(buffer, offset, crcOffset - offset));
    }

    /**
     * Validates the record at {@code offset}: magic, lengths within {@code available} bytes, epoch
     * and checksum.
     *
     * @return the record's padded size in bytes, or -1 if there is no valid record here
     */
    static int validate(ByteBuffer buffer, int offset, int available, long epoch, int blockSize) {
        if (available < HEADER_BYTES) return -1;
        return validate(buffer, offset, available, epoch, blockSize, keyLength(buffer, offset), valueLength(buffer, offset));
    }

    /**
     * As {@link #validate(ByteBuffer, int, int, long, int)}, with the lengths the caller read from
     * the header once. A mapped region can be rewritten by a reclaim while it is read; a caller
     * that reads the lengths again after validating may get other ones, out of bounds. With the
     * lengths read once, every later read stays within the validated record, and what a torn read
     * copied is discarded by the caller's check of the region's epoch.
     */
    static int validate(ByteBuffer buffer, int offset, int available, long epoch, int blockSize, int keyLength,
                        int valueLength) {
        if (available < HEADER_BYTES || buffer.getInt(offset + MAGIC_OFFSET) != MAGIC) return -1;
        if (keyLength <= 0 || valueLength < 0) return -1;
        long unpadded = unpaddedBytes(keyLength, valueLength);
        if (unpadded > available || buffer.getLong(offset + EPOCH_OFFSET) != epoch) return -1;
        int crcOffset = offset + (int) unpadded - CRC_BYTES;
        if (buffer.getInt(crcOffset) != crc(buffer, offset, crcOffset - offset)) return -1;
        long padded = (unpadded + blockSize - 1) & -blockSize;
        return padded <= available ? (int) padded : -1;
    }

    /** True if a record of {@code epoch} starts at {@code offset} (header only; nothing is verified). */
    static boolean startsRecord(ByteBuffer buffer, int offset, long epoch) {
        return buffer.getInt(offset + MAGIC_OFFSET) == MAGIC && buffer.getLong(offset + EPOCH_OFFSET) == epoch;
    }

    static byte flags(ByteBuffer buffer, int offset) {
        return buffer.get(offset + FLAGS_OFFSET);
    }

    static long seq(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + SEQ_OFFSET);
    }

    static long expireAtMs(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + EXPIRE_OFFSET);
    }

    static int keyLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + KEY_LENGTH_OFFSET);
    }

    static int valueLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + VALUE_LENGTH_OFFSET);
    }

    /**
     * Whether the record carries {@code key}, for a validated key length read once (see
     * {@link #validate(ByteBuffer, int, int, long, int, int, int)}).
     */
    static boolean keyEquals(ByteBuffer buffer, int offset, int keyLength, byte[] key) {
        return keyLength == key.length && buffer.slice(offset + HEADER_BYTES, key.length).equals(ByteBuffer.wrap(key));
    }

    static byte[] key(ByteBuffer buffer, int offset) {
        byte[] key = new byte[keyLength(buffer, offset)];
        buffer.get(offset + HEADER_BYTES, key);
        return key;
    }

    static byte[] value(ByteBuffer buffer, int offset) {
        return value(buffer, offset, keyLength(buffer, offset), valueLength(buffer, offset));
    }

    /** The value, for validated lengths read once (see {@link #validate(ByteBuffer, int, int, long, int, int, int)}). */
    static byte[] value(ByteBuffer buffer, int offset, int keyLength, int valueLength) {
        byte[] value = new byte[valueLength];
        buffer.get(offset + HEADER_BYTES + keyLength, value, 0, valueLength);
        return value;
    }

    private static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }
}
