package dev.larder.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A cache with a memory tier (Caffeine, W-TinyLFU, bounded in bytes) over a disk tier (Larder's
 * region-log engine). Build one with {@link Larder#newBuilder}.
 *
 * <p>Reads look in memory, then on disk; a disk hit is promoted to memory. Writes follow the
 * {@link AdmissionMode}. Loads through a loader are single-flight: concurrent misses on one key
 * run the loader once, and every waiter gets its value or its exception (failures are not cached).
 *
 * <p>Null keys and values are rejected with {@link NullPointerException}; a loader returning null
 * means "absent" and stores nothing. All methods are thread-safe.
 */
public interface HybridCache<K, V> extends AutoCloseable {

    /** The cached value, or null; never loads. */
    V getIfPresent(K key);

    /** What {@link #find} returns: the value, or the stored bytes of one kept on disk in chunks. */
    sealed interface Found<V> {
        /**
         * The decoded value, from memory or read from disk; {@code inMemory} is false for a disk
         * hit left out of memory (see {@link HybridCacheBuilder#promoteOnRepeatHit}).
         */
        record Value<V>(V value, boolean inMemory) implements Found<V> {
            public Value(V value) {
                this(value, true);
            }
        }

        /** A value too large for one disk region, as the value codec encoded it, to read chunk by chunk. */
        record Chunks<V>(dev.larder.disk.ChunkedValue encoded) implements Found<V> {}
    }

    /**
     * As {@link #getIfPresent}, except that a value stored on disk in chunks (larger than a disk
     * region) and not in memory is neither assembled nor admitted to memory: its encoded bytes
     * come back to be read chunk by chunk, so a server can send it on through one small buffer.
     * Null if absent. Never loads.
     */
    Found<V> find(K key);

    /** True if the memory tier holds {@code key}; counts nothing and leaves the eviction policy alone. */
    boolean memoryContains(K key);

    /**
     * How full the memory tier is: its entries' weight over its budget (1 for a budget of 0).
     * Cheap enough to poll; counts nothing.
     */
    double memoryTierFill();

    /** {@link #getAll(Iterable)}, with chunked disk values returned unread as in {@link #find}. */
    Map<K, Found<V>> findAll(Iterable<? extends K> keys);

    /**
     * True if the disk tier's index names an entry for {@code key}, without reading it (a read may
     * still miss: expired, damaged). With {@link HybridCacheBuilder#diskEvictionListener}, this
     * tells a key written again since its eviction from one that is gone. Counts nothing.
     */
    boolean diskMayContain(K key);

    /** The cached value, loading it with the builder's loader on a miss (null if there is none). */
    V get(K key);

    /** The cached value, loading it with {@code loader} on a miss (single-flight per key). */
    V get(K key, Function<? super K, ? extends V> loader);

    /** The cached values among {@code keys}; memory misses go to disk as one batch read. */
    Map<K, V> getAll(Iterable<? extends K> keys);

    /**
     * As {@link #getAll(Iterable)}, then loads every key still missing with one call of
     * {@code bulkLoader} and stores what it returns.
     */
    Map<K, V> getAll(Iterable<? extends K> keys, Function<? super java.util.Set<K>, ? extends Map<K, V>> bulkLoader);

    void put(K key, V value);

    /** Stores with an explicit time to live (positive). */
    void put(K key, V value, Duration ttl);

    /**
     * Stores until the deadline {@code expireAt}, kept exactly (to the millisecond) in both tiers;
     * a deadline already passed removes the key instead.
     */
    void put(K key, V value, java.time.Instant expireAt);

    void putAll(Map<? extends K, ? extends V> entries);

    void invalidate(K key);

    void invalidateAll(Iterable<? extends K> keys);

    /** Removes every entry from both tiers, durably. */
    void clear();

    /** Makes every earlier write durable on disk (write-on-evict: also spills the memory tier). */
    void flush();

    /**
     * Hands every write so far to the operating system without syncing: afterwards they survive a
     * crash of this process, not of the machine (see {@link dev.larder.disk.DiskCache#writeOut}).
     */
    void writeOut();

    /**
     * {@link #flush()}, then saves the disk tier's index so the next open skips its log scan;
     * returns the disk tier's log mark (see {@link dev.larder.disk.DiskCache#checkpoint}).
     */
    long checkpoint();

    /** The disk tier's log mark (see {@link dev.larder.disk.DiskCache#logMark}). */
    long diskLogMark();

    /**
     * Resizes the memory tier. Shrinking evicts at once, down to the new size, as any eviction
     * does (a write-on-evict cache spills to disk); nothing on disk changes.
     */
    void setMemoryBytes(long memoryBytes);

    /**
     * Visits every key on disk with its expiry (epoch ms, 0 = never), for rebuilding a key
     * directory at startup. Entries held only in memory (write-on-evict) are not visited.
     */
    void forEachDiskKey(java.util.function.ObjLongConsumer<K> visitor);

    CompletableFuture<V> getAsync(K key);

    CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader);

    CompletableFuture<Void> putAsync(K key, V value);

    CacheStats stats();

    /** Flushes and closes the disk tier. */
    @Override
    void close();
}
