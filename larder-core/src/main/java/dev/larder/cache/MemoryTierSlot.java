package dev.larder.cache;

/**
 * A key type may lend the hybrid cache a field: the cache keeps there its memory-tier entry for
 * the key, so overwriting a value with one of the same size (a counter, a fixed-size record)
 * updates that entry in place, without a lookup in the memory tier's map (a cache miss per write
 * at scale). For keys that are their own memory keys ({@link Codec#memoryKey} returns them), used
 * as one object per key; only the cache reads or writes the field.
 */
public interface MemoryTierSlot {
    Object memoryTierEntry();

    void memoryTierEntry(Object entry);
}
