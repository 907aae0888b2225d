package dev.larder.server.keyspace;

import dev.larder.cache.CacheStats;
import dev.larder.cache.HybridCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Sixteen databases of string keys: an in-memory directory of keys and expiries per database over
 * one {@link ValueStore} holding the values, so key-only commands (EXISTS, TTL, KEYS, SCAN, DBSIZE)
 * never touch the disk while values may be far larger than memory.
 *
 * <p>Expired keys are removed when touched (as Redis's lazy expiry) and by {@link #expireCycle}
 * (its active expiry). Not thread-safe: the server runs every command under one lock, which also
 * gives Redis's atomicity per command.
 *
 * <p>A directory node also references its value while the memory tier holds it, so a read of a
 * value in memory costs one lookup, not two (a GET that went on to the memory tier's map ran at
 * two thirds of the rate). The reference is set right after a write or read that left the value
 * in the memory tier, and dropped when the tier reports the key evicted ({@link #dropEvicted},
 * after every operation that can evict), so the directory never keeps alive a value the tier let
 * go for longer than one operation. It is only ever the key's current value: every change of a
 * key goes through this class. Reads served from it do not reach the memory tier's policy, so
 * every 16th one also looks the key up there ({@link #TOUCH_EVERY}) to keep its recency and
 * frequency alive, once the tier is half full ({@link #adaptTouches}). Dropping a reference costs
 * a directory lookup per eviction, which a memory tier that evicts all the time (data far larger
 * than it) pays for nothing, since few reads find a referenced value there:
 * {@link #adaptDirectoryValues} turns the references off while the tier evicts more than 10,000
 * values a second and back on after a second without evictions.
 */
public final class Keyspace implements AutoCloseable {
    public static final int DATABASES = 16;
    private static final int TOUCH_EVERY = 16;
    /** Per {@link #adaptDirectoryValues} call (every 100 ms): more turns directory values off. */
    static final int BUSY_EVICTIONS = 1_000;
    static final int QUIET_CHECKS = 10;

    private final KeyTable[] databases = new KeyTable[DATABASES];
    private final ValueStore values;
    private final Path directoryFile;
    private boolean directoryLoaded;
    private final LongSupplier clock;
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private final Map<StoreKey, HybridCache.Found<byte[]>> prefetched = new HashMap<>();
    private final Queue<StoreKey> diskEvicted;
    private final MemoryEvictions memoryEvicted;
    private boolean directoryValues = true;
    private boolean touching = true;
    private long evictionsAtLastCheck;
    private int quietChecks;
    private final KeyspaceStats stats = new KeyspaceStats();
    private long dirty;
    /** What {@link #warm} read, kept so its reads are not optimised away. */
    private int warmed;

    private record Deadline(long atMs, int db, byte[] key, int hash) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(atMs, other.atMs);
        }
    }

    private Keyspace(ValueStore values, Queue<StoreKey> diskEvicted, MemoryEvictions memoryEvicted, Path directoryFile,
                     LongSupplier clock) {
        this.values = values;
        this.diskEvicted = diskEvicted;
        this.memoryEvicted = memoryEvicted;
        this.directoryFile = directoryFile;
        this.clock = clock;
        for (int i = 0; i < DATABASES; i++) databases[i] = new KeyTable(i);
    }

    /**
     * Opens (or creates) the keyspace in {@code dir}: the values are in {@code dir/larder.data}; the
     * key directory is loaded from {@code dir/larder.keys} if that is current (see {@link #save}),
     * otherwise rebuilt from the values.
     */
    public static Keyspace open(Path dir, long memoryBytes, long diskCapacityBytes) throws IOException {
        Queue<StoreKey> diskEvicted = new ConcurrentLinkedQueue<>();
        MemoryEvictions memoryEvicted = new MemoryEvictions();
        Keyspace keyspace = new Keyspace(new ValueStore(dir.resolve("larder.data"), memoryBytes, diskCapacityBytes,
                diskEvicted::add, memoryEvicted::evicted), diskEvicted, memoryEvicted, dir.resolve(DirectoryFile.NAME),
                System::currentTimeMillis);
        try {
            keyspace.loadDirectory();
        } catch (IOException | RuntimeException e) {
            keyspace.close();
            throw e;
        }
        return keyspace;
    }

    private void loadDirectory() throws IOException {
        long now = clock.getAsLong();
        directoryLoaded = DirectoryFile.read(directoryFile, values.logMark(), (db, key, expireAtMs) -> addKey(db, key, expireAtMs, now));
        if (directoryLoaded) return;
        for (KeyTable table : databases) table.clear(); // a damaged file may have fed part of itself
        deadlines.clear();
        values.forEachKey((db, key, expireAtMs) -> {
            if (db < DATABASES) addKey(db, key, expireAtMs, now);
        });
    }

    private void addKey(int db, byte[] key, long expireAtMs, long now) {
        if (expireAtMs != 0 && expireAtMs <= now) return;
        int hash = KeyTable.hash(key);
        databases[db].put(key, hash, expireAtMs);
        if (expireAtMs != 0) deadlines.add(new Deadline(expireAtMs, db, key, hash));
    }

    /** True if this open loaded the key directory from the saved file rather than from the values. */
    public boolean directoryLoaded() {
        return directoryLoaded;
    }

    /**
     * SAVE: makes every write durable and saves the key directory and the store's index, so the
     * next open reads two files instead of every key. Nothing is lost without it; a restart after
     * a crash, or after writes since the last save, rebuilds the directory from the values.
     */
    public void save() throws IOException {
        long mark = values.checkpoint();
        DirectoryFile.write(directoryFile, mark, databases, clock.getAsLong());
    }

    public long now() {
        return clock.getAsLong();
    }

    /** Counts every change; the server compares it before and after a batch of commands. */
    public long dirty() {
        return dirty;
    }

    /** The string value of {@code key}, or null if it does not exist. */
    public byte[] get(int db, byte[] key) {
        return switch (lookUp(db, key)) {
            case null -> null;
            case HybridCache.Found.Value<byte[]> found -> found.value();
            case HybridCache.Found.Chunks<byte[]> _ -> assembled(databases[db].find(key, KeyTable.hash(key)));
        };
    }

    /**
     * As {@link #get}, except that a value kept on disk in chunks (larger than a disk region) is
     * not read: it comes back as chunks for GET to stream, so the value never sits whole in memory.
     */
    public HybridCache.Found<byte[]> find(int db, byte[] key) {
        HybridCache.Found<byte[]> found = lookUp(db, key);
        if (found instanceof HybridCache.Found.Chunks) stats.streamed++;
        return found;
    }

    private HybridCache.Found<byte[]> lookUp(int db, byte[] key) {
        int hash = KeyTable.hash(key);
        KeyTable.Node node = liveNode(db, key, hash);
        if (node == null) {
            stats.misses++;
            return null;
        }
        if (node.value != null) {
            stats.hits++;
            if (++stats.directoryHits % TOUCH_EVERY == 0 && touching) touch(node);
            return new HybridCache.Found.Value<>(node.value);
        }
        HybridCache.Found<byte[]> found = prefetched.isEmpty() ? null : prefetched.get(node);
        if (found == null) {
            found = values.find(node);
            if (directoryValues && found instanceof HybridCache.Found.Value<byte[]>(byte[] value, boolean inMemory) && inMemory) {
                node.value = value; // only a value the memory tier holds, and will report when it evicts it
            }
            dropEvicted();
        }
        if (found == null) {
            forgetLost(node);
            stats.misses++;
            return null;
        }
        stats.hits++;
        return found;
    }

    /**
     * Housekeeping, every 100 ms: turns the directory's value references off while the memory
     * tier evicts more than {@link #BUSY_EVICTIONS} values per call (dropping every reference),
     * and on again after {@link #QUIET_CHECKS} calls without an eviction. Returns whether they are on.
     */
    public boolean adaptDirectoryValues() {
        long evictions = memoryEvicted.count();
        long recent = evictions - evictionsAtLastCheck;
        evictionsAtLastCheck = evictions;
        if (directoryValues && recent > BUSY_EVICTIONS) {
            directoryValues = false;
            memoryEvicted.queueing(false);
            for (KeyTable table : databases) for (KeyTable.Node node : table.nodes()) node.value = null;
        } else if (!directoryValues) {
            quietChecks = recent == 0 ? quietChecks + 1 : 0;
            if (quietChecks >= QUIET_CHECKS) {
                quietChecks = 0;
                memoryEvicted.queueing(true);
                directoryValues = true;
            }
        }
        return directoryValues;
    }

    /**
     * Housekeeping, every 100 ms: directory hits touch the memory tier's policy only while the
     * tier is at least half full. Below that it evicts nothing until as much again is written,
     * and Caffeine itself counts no frequencies until then (its sketch starts at half the
     * maximum); the touches cost pipelined GETs 3–4 % (docs/performance.md). Returns whether
     * they are on.
     */
    public boolean adaptTouches() {
        touching = values.memoryTierFill() >= 0.5;
        return touching;
    }

    /** Tells the memory tier's policy that the key was read. */
    private void touch(KeyTable.Node node) {
        values.get(node);
        dropEvicted();
    }

    /**
     * Drops the directory's references to values the memory tier evicted since the last call;
     * they stay readable from disk. Called after every operation that can make the tier evict.
     * The tier reports a key as the object it was first stored under, which is the key's
     * directory node (a node leaves the directory only once the tier holds nothing under it);
     * any other store key, say from a warm-up (the server runs none), is looked up.
     */
    private void dropEvicted() {
        for (StoreKey evicted; (evicted = memoryEvicted.poll()) != null; ) {
            KeyTable.Node node = evicted instanceof KeyTable.Node known ? known
                    : evicted.db() < DATABASES ? databases[evicted.db()].find(evicted.key, evicted.hash) : null;
            if (node != null) node.value = null;
        }
    }

    /** A chunked value read whole, for the commands that need its bytes (GETRANGE, APPEND, MGET, ...). */
    private byte[] assembled(KeyTable.Node node) {
        byte[] value = values.get(node);
        dropEvicted();
        if (value == null) forgetLost(node); // evicted since it was found
        return value;
    }

    /**
     * Reads the values of {@code keys} (one database) ahead of the commands that will ask for
     * them, in one batch: memory hits cost nothing extra and disk misses share one merged read.
     * Valid until the next change or {@link #endBatch}.
     */
    public void prefetch(int db, List<byte[]> keys) {
        List<KeyTable.Node> present = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            KeyTable.Node node = liveNode(db, key, KeyTable.hash(key));
            if (node != null && node.value == null) present.add(node); // the others cost one lookup anyway
        }
        if (present.size() < 2) return;
        List<HybridCache.Found<byte[]>> found = values.findAll(present); // chunked values stay unread
        dropEvicted(); // not cached in the directory: later promotions in this batch may have evicted earlier ones
        for (int i = 0; i < present.size(); i++) {
            if (found.get(i) != null) prefetched.put(present.get(i), found.get(i));
        }
    }

    /** Brings the directory entries of {@code keys} into the CPU's cache together (see {@link KeyTable#warm}). */
    public void warm(int db, List<byte[]> keys) {
        warmed += databases[db].warm(keys);
    }

    public void endBatch() {
        prefetched.clear();
    }

    public boolean exists(int db, byte[] key) {
        return live(db, key, KeyTable.hash(key)) != null;
    }

    /** The key's expiry in epoch ms, 0 if it has none, or null if the key does not exist. */
    public Long expireAt(int db, byte[] key) {
        return live(db, key, KeyTable.hash(key));
    }

    /** Sets {@code key} to {@code value} with expiry {@code expireAtMs} (0 = none). */
    public void set(int db, byte[] key, byte[] value, long expireAtMs) {
        int hash = KeyTable.hash(key);
        store(db, key, hash, databases[db].find(key, hash), value, expireAtMs);
    }

    /** Sets the value and keeps the key's current expiry (none if the key is new); one directory lookup. */
    public void setKeepingTtl(int db, byte[] key, byte[] value) {
        int hash = KeyTable.hash(key);
        KeyTable.Node node = liveNode(db, key, hash);
        store(db, key, hash, node, value, node == null ? 0 : node.expireAtMs);
    }

    /** {@code node} is the key's (null if there is none); an expired one is written over. */
    private void store(int db, byte[] key, int hash, KeyTable.Node node, byte[] value, long expireAtMs) {
        long now = expireAtMs == 0 ? 0 : clock.getAsLong(); // no clock read for a key without expiry
        if (expireAtMs != 0 && expireAtMs <= now) {
            delete(db, key);
            return;
        }
        KeyTable table = databases[db];
        boolean added = node == null;
        if (added) node = table.newNode(key, hash);
        values.put(node, value, expireAtMs, now); // before the directory: a refused value (key too long, disk failed) changes nothing
        changed();
        if (added) table.add(node);
        node.expireAtMs = expireAtMs;
        node.value = directoryValues ? value : null; // in memory, unless just evicted:
        dropEvicted();
        if (expireAtMs != 0) deadlines.add(new Deadline(expireAtMs, db, key, hash));
    }

    public boolean delete(int db, byte[] key) {
        KeyTable.Node node = liveNode(db, key, KeyTable.hash(key));
        if (node == null) return false;
        values.delete(node); // first: a delete the disk refuses leaves the key as it was
        changed();
        databases[db].remove(key, node.hash);
        return true;
    }

    /** Changes an existing key's expiry (0 = persist); a past deadline deletes it. False if absent. */
    public boolean setExpireAt(int db, byte[] key, long expireAtMs) {
        byte[] value = get(db, key);
        if (value == null) return false;
        set(db, key, value, expireAtMs);
        return true;
    }

    public int size(int db) {
        return databases[db].size();
    }

    public void flushDb(int db) {
        for (KeyTable.Node node : databases[db].nodes()) { // a disk that fails part-way leaves the rest
            values.delete(node);
            changed();
            databases[db].remove(node.key, node.hash);
        }
    }

    public void flushAll() {
        values.clear(); // one atomic write: a refused one changes nothing
        changed();
        for (KeyTable table : databases) table.clear();
        deadlines.clear();
    }

    /** Every live key matching the glob {@code pattern}. */
    public List<byte[]> keys(int db, byte[] pattern) {
        boolean all = Glob.matchesEverything(pattern);
        long now = clock.getAsLong();
        List<byte[]> matching = new ArrayList<>();
        for (KeyTable.Node node : databases[db].nodes()) {
            if (node.expireAtMs != 0 && node.expireAtMs <= now) continue;
            if (all || Glob.matches(pattern, node.key)) matching.add(node.key);
        }
        return matching;
    }

    /** One SCAN step (Redis's cursor semantics); the next cursor is 0 at the end. */
    public ScanPage scan(int db, long cursor, int count, byte[] pattern) {
        List<KeyTable.Node> nodes = new ArrayList<>(Math.min(count, 1024));
        long next = databases[db].scan(cursor, count, nodes);
        long now = clock.getAsLong();
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (KeyTable.Node node : nodes) {
            if (node.expireAtMs != 0 && node.expireAtMs <= now) continue;
            if (pattern == null || Glob.matches(pattern, node.key)) keys.add(node.key);
        }
        return new ScanPage(next, keys);
    }

    public record ScanPage(long nextCursor, List<byte[]> keys) {}

    /** A random live key, or null when the database is empty. */
    public byte[] randomKey(int db) {
        for (int attempt = 0; attempt < 100; attempt++) {
            KeyTable.Node node = databases[db].random();
            if (node == null) return null;
            if (live(db, node.key, node.hash) != null) return node.key;
        }
        return null;
    }

    /**
     * Active expiry: removes keys whose deadline has passed, at most {@code limit} per call, so a
     * burst of expiries never stalls the server. Returns how many it removed.
     */
    public int expireCycle(int limit) {
        long now = clock.getAsLong();
        int removed = 0;
        for (int seen = 0; seen < limit && !deadlines.isEmpty() && deadlines.peek().atMs() <= now; seen++) {
            Deadline deadline = deadlines.poll();
            KeyTable.Node node = databases[deadline.db()].find(deadline.key(), deadline.hash());
            if (node != null && node.expireAtMs == deadline.atMs()) {
                expire(node);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Settles keys whose values the full disk tier evicted, at most {@code limit} per call: a key
     * written again since is left alone; one the memory tier still holds is written back to disk
     * (it is in use, and a restart must find it); any other is removed from the directory and
     * counted as evicted, so DBSIZE, EXISTS and KEYS stop reporting it without waiting for a read.
     * Returns how many keys it removed.
     */
    public int settleEvicted(int limit) {
        int removed = 0;
        for (int seen = 0; seen < limit; seen++) {
            StoreKey evicted = diskEvicted.poll();
            if (evicted == null) break;
            KeyTable.Node node = evicted.db() < DATABASES ? databases[evicted.db()].find(evicted.key, evicted.hash) : null;
            if (node == null || values.onDisk(node)) continue;
            byte[] inMemory = values.get(node); // the disk has none: only the memory tier can answer
            if (inMemory != null) {
                values.put(node, inMemory, node.expireAtMs, clock.getAsLong());
                dropEvicted();
            } else {
                forgetLost(node);
                removed++;
            }
        }
        return removed;
    }

    /** The key's expiry (0 = none) if it exists and has not expired; expired keys are removed. */
    private Long live(int db, byte[] key, int hash) {
        KeyTable.Node node = liveNode(db, key, hash);
        return node == null ? null : node.expireAtMs;
    }

    /** The key's node if it exists and has not expired; expired keys are removed. */
    private KeyTable.Node liveNode(int db, byte[] key, int hash) {
        KeyTable.Node node = databases[db].find(key, hash);
        if (node == null) return null;
        long expireAt = node.expireAtMs;
        if (expireAt == 0 || expireAt > clock.getAsLong()) return node;
        expire(node);
        return null;
    }

    /**
     * A key past its deadline goes, even when the disk refuses the delete: the stored value keeps
     * its deadline, so a restart drops it too, and a read that came upon it must not fail.
     */
    private void expire(KeyTable.Node node) {
        databases[node.db()].remove(node.key, node.hash);
        stats.expired++;
        try {
            values.delete(node);
        } catch (UncheckedIOException refused) {
            return; // nothing reached the store: no write barrier to run
        }
        changed();
    }

    /** The directory knew the key but the store lost its value (evicted from a full disk). */
    private void forgetLost(KeyTable.Node node) {
        changed();
        databases[node.db()].remove(node.key, node.hash);
        stats.lost++;
    }

    /** After the value store took a change (it throws if the disk refuses one): the write barrier has work. */
    private void changed() {
        dirty++;
        if (!prefetched.isEmpty()) prefetched.clear();
    }

    /**
     * For tests: the keys whose value the directory references (see the class comment), each of
     * which the memory tier must hold.
     */
    List<byte[]> keysWithDirectoryValues(int db) {
        List<byte[]> keys = new ArrayList<>();
        for (KeyTable.Node node : databases[db].nodes()) if (node.value != null) keys.add(node.key);
        return keys;
    }

    boolean inMemoryTier(int db, byte[] key) {
        return values.inMemory(new StoreKey(db, key));
    }

    /** Estimated bytes one key costs: directory entry, key, value. Null if absent. */
    public Long memoryUsage(int db, byte[] key) {
        byte[] value = get(db, key);
        if (value == null) return null;
        return (long) (DIRECTORY_ENTRY_BYTES + key.length + value.length);
    }

    /** Table node (40 with its value reference), bucket slot and key array header, on a 64-bit JVM with compressed oops. */
    private static final int DIRECTORY_ENTRY_BYTES = 40 + 8 + 16;

    public long expiringKeys(int db) {
        long count = 0;
        for (KeyTable.Node node : databases[db].nodes()) if (node.expireAtMs != 0) count++;
        return count;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    public CacheStats storeStats() {
        return values.stats();
    }

    /** Resizes the memory tier over the values; every value stays readable (from disk). */
    public void setMemoryBytes(long bytes) {
        values.setMemoryBytes(bytes);
        dropEvicted();
    }

    public void writeOut() {
        values.writeOut();
    }

    public void sync() {
        values.sync();
    }

    @Override
    public void close() {
        values.close();
    }
}
