package dev.larder.tier;

/**
 * A value in the memory tier with its weight (serialized key + value bytes + a fixed estimate of
 * the heap overhead per entry) and its deadline (epoch ms, 0 = never).
 */
record MemoryEntry<V>(V value, int weight, long expireAtMs, long ttlMs) {
    /**
     * Heap per entry beyond the serialized key and value: Caffeine's node, this record, the map's
     * node and table slot, the decoded objects' headers. MemoryAccountingTest measured 227-237 B
     * for String keys and values; 288 leaves room for GC noise and other codecs' wrappers, so the
     * reported memory tier covers the real heap.
     */
    static final int OVERHEAD_BYTES = 288;

    static <V> MemoryEntry<V> of(V value, int keyBytes, int valueBytes, long expireAtMs, long ttlMs) {
        long weight = (long) keyBytes + valueBytes + OVERHEAD_BYTES;
        return new MemoryEntry<>(value, (int) Math.min(Integer.MAX_VALUE, weight), expireAtMs, ttlMs);
    }
}
