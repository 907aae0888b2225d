package dev.larder.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The codecs most caches need. */
public final class Codecs {
    private Codecs() {}

    /** Raw bytes, stored as given (the cache copies nothing it does not have to). */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /** Strings as UTF-8. */
    public static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }

    private enum Utf8Codec implements Codec<String> {
        INSTANCE;

        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private enum BytesCodec implements Codec<byte[]> {
        INSTANCE;

        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }

        @Override
        public Object memoryKey(byte[] key) {
            return new ByteKey(key);
        }

        @Override
        public byte[] fromMemoryKey(Object memoryKey) {
            return ((ByteKey) memoryKey).bytes;
        }
    }

    /** A byte[] with value equality, for the memory tier's map. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
