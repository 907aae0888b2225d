package dev.larder.server.keyspace;

import dev.larder.cache.Codec;
import java.util.Arrays;

/**
 * A key of one database as the value store knows it, equal by value, stored on disk as the
 * database's number followed by the key's bytes.
 *
 * <p>The directory's nodes are store keys themselves ({@link KeyTable.Node}). The memory tier's
 * map keeps the key object it was first given, and a lookup compares by identity before value,
 * so a command that passes the key's node finds its entry without reading the key's bytes again
 * (cold cache misses: SET ran 14 % faster without them, docs/performance.md).
 */
class StoreKey {
    static final Codec<StoreKey> CODEC = new Bytes();

    final byte[] key;
    final int hash;
    final byte db;

    StoreKey(int db, byte[] key, int hash) {
        this.db = (byte) db;
        this.key = key;
        this.hash = hash;
    }

    StoreKey(int db, byte[] key) {
        this(db, key, KeyTable.hash(key));
    }

    int db() {
        return db & 0xff;
    }

    @Override
    public final boolean equals(Object o) {
        return o == this || o instanceof StoreKey other && other.hash == hash && other.db == db && Arrays.equals(other.key, key);
    }

    @Override
    public final int hashCode() {
        return hash ^ db * 0x9e3779b9;
    }

    private static final class Bytes implements Codec<StoreKey> {
        @Override
        public byte[] encode(StoreKey storeKey) {
            byte[] bytes = new byte[storeKey.key.length + 1];
            bytes[0] = storeKey.db;
            System.arraycopy(storeKey.key, 0, bytes, 1, storeKey.key.length);
            return bytes;
        }

        @Override
        public StoreKey decode(byte[] bytes) {
            if (bytes.length == 0) throw new IllegalArgumentException("a store key has at least its database byte");
            return new StoreKey(bytes[0] & 0xff, Arrays.copyOfRange(bytes, 1, bytes.length));
        }
    }
}
