package dev.larder.tier;

/**
 * A value in the memory tier with its weight (serialized key + value bytes + a fixed estimate of
 * the heap overhead per entry) and its deadline (epoch ms, 0 = never).
 */
record MemoryEntry<V>(V value, int weight, long expireAtMs, long ttlMs) {
    /** Caffeine node (~64 B) + this record (~32 B) + key wrapper: a measured order of magnitude. */
    static final int OVERHEAD_BYTES = 128;

    static <V> MemoryEntry<V> of(V value, int keyBytes, int valueBytes, long expireAtMs, long ttlMs) {
        long weight = (long) keyBytes + valueBytes + OVERHEAD_BYTES;
        return new MemoryEntry<>(value, (int) Math.min(Integer.MAX_VALUE, weight), expireAtMs, ttlMs);
    }
}
