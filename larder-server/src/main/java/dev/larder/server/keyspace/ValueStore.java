package dev.larder.server.keyspace;

import dev.larder.cache.CacheStats;
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
 * String values in the hybrid cache (memory tier over the disk engine), under a one-byte database
 * prefix. The disk tier writes without waiting; the server decides when writes must reach the OS
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

    private final HybridCache<byte[], byte[]> cache;

    /** A new data file's size when none is given: a quarter of it fits Redis's largest value, 512 MiB. */
    static final long DEFAULT_CAPACITY_BYTES = 4L << 30;

    /**
     * {@code diskCapacityBytes} 0: the existing file's size, or the default for a new one.
     * {@code diskEvicted} gets the store key ({@link #storeKey}) of each value the full disk tier
     * evicts, on the writing thread; {@code memoryEvicted} that of each value the memory tier evicts.
     */
    ValueStore(Path file, long memoryBytes, long diskCapacityBytes, Consumer<byte[]> diskEvicted,
               Consumer<byte[]> memoryEvicted) throws IOException {
        boolean exists = java.nio.file.Files.exists(file);
        long capacity = diskCapacityBytes != 0 || exists ? diskCapacityBytes : DEFAULT_CAPACITY_BYTES;
        int blockBytes = exists ? 0 : blockBytesFor(capacity); // an existing file keeps the geometry it was made with
        this.cache = Larder.newBuilder().diskPath(file).memoryBytes(memoryBytes).diskCapacityBytes(capacity)
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

    static byte[] storeKey(int db, byte[] key) {
        byte[] stored = new byte[key.length + 1];
        stored[0] = (byte) db;
        System.arraycopy(key, 0, stored, 1, key.length);
        return stored;
    }

    /** The value, or null if the store lost it (evicted from a full disk, or corrupt). */
    byte[] get(int db, byte[] key) {
        return cache.getIfPresent(storeKey(db, key));
    }

    /** True if the memory tier holds the key's value; touches nothing. */
    boolean inMemory(int db, byte[] key) {
        return cache.memoryContains(storeKey(db, key));
    }

    /** As {@link #get}, but a value kept on disk in chunks comes back unread (see {@link HybridCache#find}). */
    HybridCache.Found<byte[]> find(int db, byte[] key) {
        return cache.find(storeKey(db, key));
    }

    /** True if the disk tier still has (or has again) a value for the key; reads nothing. */
    boolean onDisk(int db, byte[] key) {
        return cache.diskMayContain(storeKey(db, key));
    }

    /** As {@link #find} for many keys of one database, with one merged disk read for the memory misses. */
    List<HybridCache.Found<byte[]>> findAll(int db, List<byte[]> keys) {
        List<byte[]> storeKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) storeKeys.add(storeKey(db, key));
        Map<byte[], HybridCache.Found<byte[]>> found = cache.findAll(storeKeys);
        List<HybridCache.Found<byte[]>> values = new ArrayList<>(keys.size());
        for (byte[] storeKey : storeKeys) values.add(found.get(storeKey));
        return values;
    }

    /** Stores {@code value}; {@code expireAtMs} 0 means never (then {@code nowMs} is not read), and a past deadline stores nothing. */
    void put(int db, byte[] key, byte[] value, long expireAtMs, long nowMs) {
        byte[] storeKey = storeKey(db, key);
        if (expireAtMs == 0) cache.put(storeKey, value);
        else if (expireAtMs > nowMs) cache.put(storeKey, value, Instant.ofEpochMilli(expireAtMs));
        else cache.invalidate(storeKey);
    }

    void delete(int db, byte[] key) {
        cache.invalidate(storeKey(db, key));
    }

    /** Removes every value of every database, atomically on disk. */
    void clear() {
        cache.clear();
    }

    /** Visits every stored key: database, key, expiry. For rebuilding the directory at startup. */
    void forEachKey(StoredKeyVisitor visitor) {
        cache.forEachDiskKey((storeKey, expireAtMs) -> {
            byte[] key = new byte[storeKey.length - 1];
            System.arraycopy(storeKey, 1, key, 0, key.length);
            visitor.visit(storeKey[0] & 0xff, key, expireAtMs);
        });
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

    CacheStats stats() {
        return cache.stats();
    }

    @Override
    public void close() {
        cache.close();
    }
}
