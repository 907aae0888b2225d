package dev.larder.bench.disk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Keys and values for the benchmark. A key is 16 bytes: a per-phase salt and an index (big-endian),
 * so phases sharing a cache never collide. Values are random bytes, one array per size, reused
 * (the cache copies what it is given).
 */
public final class Keys {
    public static final int KEY_BYTES = 16;

    private Keys() {}

    public static byte[] key(long salt, long index) {
        return ByteBuffer.allocate(KEY_BYTES).putLong(salt).putLong(index).array();
    }

    /** Writes {@code index} into an existing key array (hot read loops reuse one array). */
    public static void setIndex(byte[] key, long index) {
        ByteBuffer.wrap(key).putLong(8, index);
    }

    /** The {@link Workload#BATCH_KEYS} keys of batch {@code batch}: consecutive indexes. */
    public static List<byte[]> batch(long salt, int batch) {
        List<byte[]> keys = new ArrayList<>(Workload.BATCH_KEYS);
        for (int i = 0; i < Workload.BATCH_KEYS; i++) keys.add(key(salt, (long) batch * Workload.BATCH_KEYS + i));
        return keys;
    }

    public static byte[] value(int bytes) {
        byte[] value = new byte[bytes];
        new SplittableRandom(bytes).nextBytes(value);
        return value;
    }
}
