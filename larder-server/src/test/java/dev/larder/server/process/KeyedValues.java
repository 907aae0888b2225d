package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.SplittableRandom;

/**
 * The one value each test key is ever written with, derived from the key alone, so a reader can
 * check any key after a crash without the writer's memory. Sizes: 1 B to 20 KiB, and about one key
 * in a hundred 3 MiB or a little more (values the disk tier stores in several chunks).
 */
final class KeyedValues {
    static final int SMALL_MAX_BYTES = 20 << 10;
    static final int LARGE_BYTES = 3 << 20;

    private KeyedValues() {}

    static byte[] valueOf(String key) {
        SplittableRandom random = new SplittableRandom(seedOf(key));
        int size = random.nextInt(100) == 0 ? LARGE_BYTES + random.nextInt(1 << 16) : 1 + random.nextInt(SMALL_MAX_BYTES);
        byte[] value = new byte[size];
        random.nextBytes(value);
        return value;
    }

    /** FNV-1a over the key's bytes: String.hashCode's 32 bits would let similar keys share values. */
    private static long seedOf(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(UTF_8)) hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        return hash;
    }
}
