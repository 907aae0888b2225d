package dev.larder.server.keyspace;

import java.util.Arrays;

/**
 * A key as the directory orders it: by a well-mixed 32-bit hash first, then by bytes. Ordering by
 * hash makes a SCAN cursor a position in hash space, stable while keys come and go.
 */
final class Key implements Comparable<Key> {
    private static final byte[] SMALLEST = new byte[0];

    final byte[] bytes;
    final int hash;

    Key(byte[] bytes) {
        this(bytes, mix(Arrays.hashCode(bytes)));
    }

    private Key(byte[] bytes, int hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    /** Sorts before every key whose hash is {@code hash} or greater (unsigned). */
    static Key firstAtHash(long unsignedHash) {
        return new Key(SMALLEST, (int) unsignedHash);
    }

    long unsignedHash() {
        return Integer.toUnsignedLong(hash);
    }

    /** murmur3's fmix32: Arrays.hashCode alone clusters similar keys. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public int compareTo(Key other) {
        int byHash = Integer.compareUnsigned(hash, other.hash);
        return byHash != 0 ? byHash : Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
