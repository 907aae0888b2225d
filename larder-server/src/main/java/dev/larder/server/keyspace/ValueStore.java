package dev.larder.server.keyspace;

import dev.larder.cache.CacheStats;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * String values in the hybrid cache (memory tier over the disk engine), keyed by {@link StoreKey}.
 * The disk tier writes without waiting; the server decides when writes must reach the OS
 * ({@link #writeOut}) or the platter ({@link #sync}).
 */
final class ValueStore implements AutoCloseable {
    /**
     * Block size of a new data file: each record is padded to whole blocks, and Redis values are
     * often tiny (an INCR counter's record is ~70 bytes), so blocks are as small as the engine's
     * addressing allows: 2^32 blocks per file, 32768 blocks per region. 128-byte blocks write a
     * quarter of what 512-byte ones did for small values (docs/performance.md).
     */
    private static final int MIN_BLOCK_BYTES = 128;
    private static final int BLOCKS_PER_REGION = 1 << 15;

    private final HybridCache<StoreKey, byte[]> cache;

    /** A new data file's size when none is given: a quarter of it fits Redis's largest value, 512 MiB. */
    static final long DEFAULT_CAPACITY_BYTES = 4L << 30;

    /**
     * {@code diskCapacityBytes} 0: the existing file's size, or the default for a new one.
     * {@code diskEvicted} gets the key of each value the full disk tier evicts, on the writing
     * thread; {@code memoryEvicted} that of each value the memory tier evicts, as the object it
     * was first stored under (see {@link Keyspace}'s dropEvicted).
     */
    ValueStore(Path file, long memoryBytes, long diskCapacityBytes, Consumer<StoreKey> diskEvicted,
               Consumer<StoreKey> memoryEvicted) throws IOException {
        boolean exists = java.nio.file.Files.exists(file);
        long capacity = diskCapacityBytes != 0 || exists ? diskCapacityBytes : DEFAULT_CAPACITY_BYTES;
        int blockBytes = exists ? 0 : blockBytesFor(capacity); // an existing file keeps the geometry it was made with
        this.cache = Larder.newBuilder(StoreKey.CODEC, Codecs.bytes()).diskPath(file).memoryBytes(memoryBytes).diskCapacityBytes(capacity)
                .diskGeometry(blockBytes, blockBytes * BLOCKS_PER_REGION).durability(Durability.NONE)
                .diskEvictionListener(diskEvicted).memoryEvictionListener(memoryEvicted)
                .promoteOnRepeatHit(true) // data larger than memory, read at random, must not churn the memory tier
                .build();
    }

    /** The smallest block (from 128 bytes) that addresses {@code capacityBytes}; regions are 32768 blocks (4 MiB at 128). */
    static int blockBytesFor(long capacityBytes) {
        int block = MIN_BLOCK_BYTES;
        while (capacityBytes / block >= 1L << 32) block <<= 1;
        return block;
    }

    /** The value, or null if the store lost it (evicted from a full disk, or corrupt). */
    byte[] get(StoreKey key) {
        return cache.getIfPresent(key);
    }

    /** True if the memory tier holds the key's value; touches nothing. */
    boolean inMemory(StoreKey key) {
        return cache.memoryContains(key);
    }

    /** As {@link #get}, but a value kept on disk in chunks comes back unread (see {@link HybridCache#find}). */
    HybridCache.Found<byte[]> find(StoreKey key) {
        return cache.find(key);
    }

    /** True if the disk tier still has (or has again) a value for the key; reads nothing. */
    boolean onDisk(StoreKey key) {
        return cache.diskMayContain(key);
    }

    /** As {@link #find} for many keys, with one merged disk read for the memory misses; null where absent. */
    List<HybridCache.Found<byte[]>> findAll(List<? extends StoreKey> keys) {
        Map<StoreKey, HybridCache.Found<byte[]>> found = cache.findAll(keys);
        List<HybridCache.Found<byte[]>> values = new ArrayList<>(keys.size());
        for (StoreKey key : keys) values.add(found.get(key));
        return values;
    }

    /** Stores {@code value}; {@code expireAtMs} 0 means never (then {@code nowMs} is not read), and a past deadline stores nothing. */
    void put(StoreKey key, byte[] value, long expireAtMs, long nowMs) {
        if (expireAtMs == 0) cache.put(key, value);
        else if (expireAtMs > nowMs) cache.put(key, value, Instant.ofEpochMilli(expireAtMs));
        else cache.invalidate(key);
    }

    void delete(StoreKey key) {
        cache.invalidate(key);
    }

    /** Removes every value of every database, atomically on disk. */
    void clear() {
        cache.clear();
    }

    /** Visits every stored key: database, key, expiry. For rebuilding the directory at startup. */
    void forEachKey(StoredKeyVisitor visitor) {
        cache.forEachDiskKey((key, expireAtMs) -> visitor.visit(key.db(), key.key, expireAtMs));
    }

    interface StoredKeyVisitor {
        void visit(int db, byte[] key, long expireAtMs);
    }

    /** Syncs and saves the disk index (see {@link dev.larder.disk.DiskCache#checkpoint}); returns the log mark. */
    long checkpoint() {
        return cache.checkpoint();
    }

    /** Changes whenever the stored data does, and only then (see {@link dev.larder.disk.DiskCache#logMark}). */
    long logMark() {
        return cache.diskLogMark();
    }

    /** Every write so far reaches the OS: it survives a crash of this process. */
    void writeOut() {
        cache.writeOut();
    }

    /** Every write so far reaches stable storage. */
    void sync() {
        cache.flush();
    }

    /** CONFIG SET maxmemory: the memory tier's new size; values beyond it stay on disk. */
    void setMemoryBytes(long bytes) {
        cache.setMemoryBytes(bytes);
    }

    /** The memory tier's weight over its budget. */
    double memoryTierFill() {
        return cache.memoryTierFill();
    }

    CacheStats stats() {
        return cache.stats();
    }

    @Override
    public void close() {
        cache.close();
    }
}
