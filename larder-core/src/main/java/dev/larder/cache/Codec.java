package dev.larder.cache;

/**
 * Turns keys or values into bytes for the disk tier and back. Implementations must be
 * thread-safe and deterministic ({@code decode(encode(x))} equals {@code x}).
 *
 * <p>A codec that throws from {@code encode} fails the write that called it (nothing is stored);
 * one that throws from {@code decode} makes that disk entry a miss, counted in
 * {@link CacheStats#decodeFailures()}, and removes it.
 */
public interface Codec<T> {
    byte[] encode(T value);

    T decode(byte[] bytes);

    /**
     * The object the memory tier uses as the key for {@code key}; it must have value equality.
     * Default: the key itself. Array-like keys override this (see {@link Codecs#bytes()}).
     */
    default Object memoryKey(T key) {
        return key;
    }

    /** Inverse of {@link #memoryKey}. */
    @SuppressWarnings("unchecked")
    default T fromMemoryKey(Object memoryKey) {
        return (T) memoryKey;
    }
}
