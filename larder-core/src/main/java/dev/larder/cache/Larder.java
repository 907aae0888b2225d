package dev.larder.cache;

/** Entry point: {@code Larder.newBuilder(Codecs.utf8(), Codecs.utf8()).diskPath(path).build()}. */
public final class Larder {
    private Larder() {}

    /** A builder for a cache of byte-array keys and values. */
    public static HybridCacheBuilder<byte[], byte[]> newBuilder() {
        return new HybridCacheBuilder<>(Codecs.bytes(), Codecs.bytes());
    }

    /** A builder for a cache whose keys and values are stored with the given codecs. */
    public static <K, V> HybridCacheBuilder<K, V> newBuilder(Codec<K> keyCodec, Codec<V> valueCodec) {
        return new HybridCacheBuilder<>(keyCodec, valueCodec);
    }
}
