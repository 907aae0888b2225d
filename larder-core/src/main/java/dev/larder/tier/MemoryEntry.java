package dev.larder.tier;

/**
 * A value in the memory tier with its weight (serialized key + value bytes + a fixed estimate of
 * the heap overhead per entry) and its deadline (epoch ms, 0 = never).
 *
 * <p>The value may be replaced in place by a write of the same weight and no deadline, through a
 * key's {@link dev.larder.cache.MemoryTierSlot}, under the key's stripe lock; readers see the old
 * value or the new. An entry leaves the slot's use once it is {@linkplain #retire() retired}:
 * evicted, removed, replaced in the map or cleared.
 */
final class MemoryEntry<V> {
    /**
     * Heap per entry beyond the serialized key and value: Caffeine's node, this object, the map's
     * node and table slot, the decoded objects' headers. MemoryAccountingTest measured 227-237 B
     * for String keys and values; 288 leaves room for GC noise and other codecs' wrappers, so the
     * reported memory tier covers the real heap.
     */
    static final int OVERHEAD_BYTES = 288;

    private volatile V value;
    private final int weight;
    private final long expireAtMs;
    private final long ttlMs;
    /** A token of the cache whose map holds it, for entries a slot refers to: a key object may outlive a cache. */
    private final Object owner;
    private volatile boolean retired;

    private MemoryEntry(V value, int weight, long expireAtMs, long ttlMs, Object owner) {
        this.value = value;
        this.weight = weight;
        this.expireAtMs = expireAtMs;
        this.ttlMs = ttlMs;
        this.owner = owner;
    }

    static <V> MemoryEntry<V> of(V value, int keyBytes, int valueBytes, long expireAtMs, long ttlMs) {
        return new MemoryEntry<>(value, weightOf(keyBytes, valueBytes), expireAtMs, ttlMs, null);
    }

    /** An entry a key's slot will refer to, in {@code owner}'s map. */
    static <V> MemoryEntry<V> owned(Object owner, V value, int keyBytes, int valueBytes, long expireAtMs, long ttlMs) {
        return new MemoryEntry<>(value, weightOf(keyBytes, valueBytes), expireAtMs, ttlMs, owner);
    }

    static int weightOf(int keyBytes, int valueBytes) {
        return (int) Math.min(Integer.MAX_VALUE, (long) keyBytes + valueBytes + OVERHEAD_BYTES);
    }

    V value() { return value; }
    int weight() { return weight; }
    long expireAtMs() { return expireAtMs; }
    long ttlMs() { return ttlMs; }

    /** True if a write to {@code cache} of {@code newWeight} without a deadline may replace the value in place. */
    boolean replaceableBy(Object cache, int newWeight) {
        return owner == cache && !retired && expireAtMs == 0 && weight == newWeight;
    }

    void replace(V newValue) {
        value = newValue;
    }

    void retire() {
        retired = true;
    }
}
