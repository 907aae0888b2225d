package dev.larder.tier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.larder.cache.AdmissionMode;
import dev.larder.cache.CacheStats;
import dev.larder.cache.Codec;
import dev.larder.cache.HybridCache;
import dev.larder.cache.MemoryTierSlot;
import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/*
 * Implementation notes
 *
 * Tiers: Caffeine holds decoded values keyed by codec.memoryKey(key), weighted by serialized
 * bytes plus a per-entry overhead estimate; the disk tier holds serialized bytes. TTLs are
 * checked on read (live()), not by Caffeine, to keep hits free of clock reads.
 *
 * Consistency between tiers: every change of a key (put, invalidate, promotion of a disk hit into
 * memory) happens under that key's stripe lock (KeyStripes), disk first, then memory. Memory hits
 * take no lock. A batch read (getAll) reads the disk without locks and promotes under the lock
 * only if the stripe's version has not moved since; otherwise it re-reads that key.
 *
 * Write-on-evict: Caffeine's evictionListener runs inside the eviction, before the entry leaves the
 * map, so a reader sees the value either in memory or already on disk. Size evictions spill;
 * expirations write a (buffered) tombstone so an older spilled copy cannot resurface. Caffeine
 * hides an expired entry from reads before it evicts it, so a put with a TTL buries any older
 * spilled copy at once. A spill runs inside another key's write, not under its own key's lock, so
 * it bumps its key's stripe version; invalidate removes from memory before the disk, so no spill
 * can land behind the delete; flush spills each entry under its key's lock.
 */
public final class TieredCache<K, V> implements HybridCache<K, V> {
    /** The builder's settings; see {@link dev.larder.cache.HybridCacheBuilder}. */
    public record Settings<K, V>(Codec<K> keyCodec, Codec<V> valueCodec, long memoryBytes, long defaultTtlMs,
                                 AdmissionMode admission, Executor executor, Function<? super K, ? extends V> loader,
                                 Duration loadTimeout, double refreshAheadFraction, boolean warmUp,
                                 long slowThresholdNs, InstantSource clock, Consumer<? super K> memoryEvicted,
                                 boolean promoteOnRepeatHit) {}

    private static final Duration MAX_TTL = Duration.ofMillis(Long.MAX_VALUE);

    private final DiskCache disk;
    private final Settings<K, V> settings;
    private final Codec<K> keys;
    private final Codec<V> values;
    private final Cache<Object, MemoryEntry<V>> memory;
    /** Marks the entries a key's slot refers to as this cache's: a token, so a key never keeps a closed cache reachable. */
    private final Object slotOwner = new Object();
    private final Policy.Eviction<Object, MemoryEntry<V>> memoryBound;
    private final RepeatHitFilter repeatHits; // null: every disk hit is promoted
    private final KeyStripes stripes = new KeyStripes();
    private final SingleFlight<Object, V> loads;
    private final TierCounters counters = new TierCounters();
    private final Set<Object> unspilled = ConcurrentHashMap.newKeySet(); // see spillFailed
    private final AtomicBoolean closed = new AtomicBoolean();

    public TieredCache(DiskCache disk, Settings<K, V> settings) {
        this.disk = disk;
        this.settings = settings;
        this.keys = settings.keyCodec();
        this.values = settings.valueCodec();
        this.loads = new SingleFlight<>(settings.loadTimeout());
        this.memory = Caffeine.newBuilder()
                .maximumWeight(settings.memoryBytes())
                .weigher((Object k, MemoryEntry<V> e) -> e.weight())
                .executor(Runnable::run) // maintenance on the caller: evictions (and spills) happen now, not later
                .evictionListener(this::onEvicted)
                .build();
        this.memoryBound = memory.policy().eviction().orElseThrow();
        this.repeatHits = settings.promoteOnRepeatHit() ? new RepeatHitFilter() : null;
        if (settings.warmUp()) settings.executor().execute(new WarmUp<>(disk, this::promoteFromWarmUp, settings.memoryBytes()));
    }

    @Override
    public V getIfPresent(K key) {
        Objects.requireNonNull(key, "key");
        Object memoryKey = keys.memoryKey(key);
        MemoryEntry<V> entry = live(memoryKey);
        if (entry != null) {
            counters.memoryHits.increment();
            maybeRefreshAhead(key, memoryKey, entry);
            return entry.value();
        }
        long startNs = SlowOperationEvent.start(); // only a miss can be slow; a hit must not pay for the clock
        counters.memoryMisses.increment();
        V value = readThrough(key, memoryKey);
        SlowOperationEvent.emitIfSlow("get", 0, startNs, settings.slowThresholdNs());
        return value;
    }

    @Override
    public Found<V> find(K key) {
        Objects.requireNonNull(key, "key");
        Object memoryKey = keys.memoryKey(key);
        MemoryEntry<V> entry = live(memoryKey);
        if (entry != null) {
            counters.memoryHits.increment();
            return new Found.Value<>(entry.value());
        }
        counters.memoryMisses.increment();
        ReentrantLock lock = stripes.lock(stripes.stripe(memoryKey));
        lock.lock();
        try {
            entry = live(memoryKey);
            if (entry != null) return new Found.Value<>(entry.value());
            byte[] keyBytes = encodeKey(key);
            return fromDisk(memoryKey, keyBytes, disk.find(keyBytes));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean memoryContains(K key) {
        return memory.policy().getIfPresentQuietly(keys.memoryKey(Objects.requireNonNull(key, "key"))) != null;
    }

    /** A disk result as {@link #find} reports it: whole values promoted, chunked ones passed on; under the key's stripe lock. */
    private Found<V> fromDisk(Object memoryKey, byte[] keyBytes, DiskCache.Found found) {
        if (found instanceof DiskCache.Chunked chunked && !unspilled.contains(memoryKey)) {
            counters.diskHits.increment();
            return new Found.Chunks<>(chunked.value());
        }
        return promote(memoryKey, keyBytes, found instanceof DiskCache.Entry entry ? entry : null);
    }

    @Override
    public boolean diskMayContain(K key) {
        return disk.mayContain(encodeKey(Objects.requireNonNull(key, "key")));
    }

    /**
     * The memory tier's entry for {@code memoryKey}, unless absent or past its deadline (then it is
     * dropped). Expiry is checked here rather than configured in Caffeine: a Caffeine expiry reads
     * a ticker and rewrites the entry's deadline on every hit, which made hits several times
     * slower; here an entry without a TTL never reads the clock.
     */
    private MemoryEntry<V> live(Object memoryKey) {
        MemoryEntry<V> entry = memory.getIfPresent(memoryKey);
        if (entry == null || entry.expireAtMs() == 0 || entry.expireAtMs() > settings.clock().millis()) return entry;
        if (memory.asMap().remove(memoryKey, entry)) dropped(memoryKey, entry);
        return null;
    }

    /** Memory missed: look on disk under the key's lock and promote a hit. */
    private V readThrough(K key, Object memoryKey) {
        int stripe = stripes.stripe(memoryKey);
        ReentrantLock lock = stripes.lock(stripe);
        lock.lock();
        try {
            MemoryEntry<V> entry = live(memoryKey);
            if (entry != null) return entry.value(); // promoted or written while we waited
            byte[] keyBytes = encodeKey(key);
            Found.Value<V> found = promote(memoryKey, keyBytes, disk.getEntry(keyBytes));
            return found == null ? null : found.value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Decodes a disk result and installs it in memory, unless {@link #admits} says no; call under
     * the key's stripe lock.
     */
    private Found.Value<V> promote(Object memoryKey, byte[] keyBytes, DiskCache.Entry found) {
        if (found == null || unspilled.contains(memoryKey)) {
            counters.diskMisses.increment();
            return null;
        }
        boolean admitted = admits(memoryKey, keyBytes, found);
        V value = install(memoryKey, keyBytes, found, admitted);
        if (value == null) return null;
        counters.diskHits.increment();
        if (!admitted) counters.promotionsSkipped.increment();
        return new Found.Value<>(value, admitted);
    }

    /** Whether a disk hit enters memory: always, unless memory is full and the key's hit is its first lately. */
    private boolean admits(Object memoryKey, byte[] keyBytes, DiskCache.Entry found) {
        if (repeatHits == null || fitsInMemory(keyBytes, found)) return true;
        return repeatHits.recordHit(memoryKey.hashCode(), memory.estimatedSize());
    }

    /** Whether the memory tier has room for the entry without evicting another. */
    private boolean fitsInMemory(byte[] keyBytes, DiskCache.Entry found) {
        long weight = (long) keyBytes.length + found.value().length + MemoryEntry.OVERHEAD_BYTES;
        return memoryTierBytes() + weight <= memoryBytes();
    }

    /**
     * Decodes {@code found} (a decode failure removes it) and, if {@code admit}, puts it in memory;
     * under the key's stripe lock.
     */
    private V install(Object memoryKey, byte[] keyBytes, DiskCache.Entry found, boolean admit) {
        V value;
        try {
            value = values.decode(found.value());
        } catch (RuntimeException e) {
            counters.decodeFailures.increment();
            disk.deleteBuffered(keyBytes);
            return null;
        }
        if (!admit) return value;
        long ttlMs = found.expireAtMs() == 0 ? 0 : Math.max(1, found.expireAtMs() - settings.clock().millis());
        dropped(memoryKey, memory.asMap().put(memoryKey, MemoryEntry.of(value, keyBytes.length, found.value().length, found.expireAtMs(), ttlMs)));
        return value;
    }

    /**
     * Warm-up is not a lookup: it counts no hits. It read {@code found} without the lock, so if
     * the key's stripe changed since open (a write, invalidation or spill), it reads the disk again.
     * Returns false once memory is full: entries promoted past that would be admitted over, and so
     * evict, the newer ones promoted before them.
     */
    private boolean promoteFromWarmUp(byte[] keyBytes, DiskCache.Entry found) {
        if (!fitsInMemory(keyBytes, found)) return false;
        Object memoryKey = keys.memoryKey(keys.decode(keyBytes));
        int stripe = stripes.stripe(memoryKey);
        ReentrantLock lock = stripes.lock(stripe);
        lock.lock();
        try {
            if (live(memoryKey) != null) return true;
            DiskCache.Entry current = stripes.version(stripe) == 0 ? found : disk.getEntry(keyBytes);
            if (current != null) install(memoryKey, keyBytes, current, true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public V get(K key) {
        return settings.loader() == null ? getIfPresent(key) : get(key, settings.loader());
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> loader) {
        Objects.requireNonNull(loader, "loader");
        V value = getIfPresent(key);
        if (value != null) return value;
        return loads.load(keys.memoryKey(key), () -> load(key, loader));
    }

    /** Runs the loader (single-flight is the caller's job) and stores what it returns. */
    private V load(K key, Function<? super K, ? extends V> loader) {
        V present = readThrough(key, keys.memoryKey(key)); // a load that just finished may have stored it
        if (present != null) return present;
        return runLoader(key, loader);
    }

    /** Loads and stores; storing is part of the load (a value that cannot be stored fails it). */
    private V runLoader(K key, Function<? super K, ? extends V> loader) {
        return countedLoad(() -> {
            V loaded = loader.apply(key);
            if (loaded != null) put(key, loaded);
            return loaded;
        });
    }

    /** Calls a loader, counting the load, its time and its failure. */
    private <T> T countedLoad(Supplier<T> call) {
        long startNs = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            counters.loadFailures.increment();
            throw e;
        } finally {
            counters.loads.increment();
            counters.loadTimeNs.add(System.nanoTime() - startNs);
            SlowOperationEvent.emitIfSlow("load", 0, startNs, settings.slowThresholdNs());
        }
    }

    private void maybeRefreshAhead(K key, Object memoryKey, MemoryEntry<V> entry) {
        if (settings.loader() == null || settings.refreshAheadFraction() == 0 || entry.expireAtMs() == 0) return;
        long windowMs = (long) (entry.ttlMs() * settings.refreshAheadFraction());
        if (settings.clock().millis() < entry.expireAtMs() - windowMs || loads.loading(memoryKey)) return;
        settings.executor().execute(() -> {
            try {
                loads.load(memoryKey, () -> runLoader(key, settings.loader()));
            } catch (RuntimeException e) {
                // a failed refresh leaves the current entry to expire normally; runLoader counted the failure
            }
        });
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> requested) {
        Map<K, V> values = new LinkedHashMap<>();
        lookUpAll(requested, false).forEach((key, found) -> values.put(key, ((Found.Value<V>) found).value()));
        return values;
    }

    @Override
    public Map<K, Found<V>> findAll(Iterable<? extends K> requested) {
        return lookUpAll(requested, true);
    }

    private Map<K, Found<V>> lookUpAll(Iterable<? extends K> requested, boolean keepChunked) {
        Map<K, Found<V>> found = new LinkedHashMap<>();
        Set<K> missing = new LinkedHashSet<>(); // a key asked for twice is read once
        for (K key : requested) {
            Objects.requireNonNull(key, "key");
            MemoryEntry<V> entry = live(keys.memoryKey(key));
            if (entry != null) {
                counters.memoryHits.increment();
                found.put(key, new Found.Value<>(entry.value()));
            } else if (!found.containsKey(key) && missing.add(key)) {
                counters.memoryMisses.increment();
            }
        }
        if (!missing.isEmpty()) readAllThrough(new ArrayList<>(missing), found, keepChunked);
        return found;
    }

    /** One batch disk read for all memory misses; promotion per key under its lock. */
    private void readAllThrough(List<K> missing, Map<K, Found<V>> found, boolean keepChunked) {
        List<byte[]> keyBytes = new ArrayList<>(missing.size());
        long[] versions = new long[missing.size()];
        for (int i = 0; i < missing.size(); i++) {
            keyBytes.add(encodeKey(missing.get(i)));
            versions[i] = stripes.version(stripes.stripe(keys.memoryKey(missing.get(i))));
        }
        List<? extends DiskCache.Found> results = keepChunked ? disk.findAll(keyBytes) : disk.getAllEntries(keyBytes);
        for (int i = 0; i < missing.size(); i++) {
            K key = missing.get(i);
            Object memoryKey = keys.memoryKey(key);
            int stripe = stripes.stripe(memoryKey);
            ReentrantLock lock = stripes.lock(stripe);
            lock.lock();
            try {
                MemoryEntry<V> entry = live(memoryKey);
                DiskCache.Found fromDisk = stripes.version(stripe) != versions[i]
                        ? (keepChunked ? disk.find(keyBytes.get(i)) : disk.getEntry(keyBytes.get(i))) : results.get(i);
                Found<V> value = entry != null ? new Found.Value<>(entry.value()) : fromDisk(memoryKey, keyBytes.get(i), fromDisk);
                if (value != null) found.put(key, value);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> requested, Function<? super Set<K>, ? extends Map<K, V>> bulkLoader) {
        Objects.requireNonNull(bulkLoader, "bulkLoader");
        Map<K, V> found = getAll(requested);
        Set<K> missing = new LinkedHashSet<>();
        for (K key : requested) if (!found.containsKey(key)) missing.add(key);
        if (missing.isEmpty()) return found;
        Map<K, V> loaded = countedLoad(() -> {
            Map<K, V> result = bulkLoader.apply(Set.copyOf(missing));
            if (result != null) putAll(result);
            return result;
        });
        if (loaded != null) {
            for (K key : missing) if (loaded.get(key) != null) found.put(key, loaded.get(key));
        }
        return found;
    }

    @Override
    public void put(K key, V value) {
        write(key, value, settings.defaultTtlMs() == 0 ? 0 : deadline(settings.defaultTtlMs()));
    }

    @Override
    public void put(K key, V value, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
        write(key, value, deadline(ttlMillis(ttl)));
    }

    @Override
    public void put(K key, V value, Instant expireAt) {
        long expireAtMs = DiskCache.deadlineMillis(Objects.requireNonNull(expireAt, "expireAt"));
        if (expireAtMs <= settings.clock().millis()) {
            Objects.requireNonNull(value, "value");
            invalidate(key);
        } else {
            write(key, value, expireAtMs);
        }
    }

    /**
     * A positive TTL in whole milliseconds: rounded up, so it never becomes 0 ("no expiry"), and
     * capped at {@code Long.MAX_VALUE} ("never"), where {@link Duration#toMillis()} would throw.
     */
    public static long ttlMillis(Duration ttl) {
        if (ttl.compareTo(MAX_TTL) >= 0) return Long.MAX_VALUE;
        return ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        entries.forEach(this::put);
    }

    /** Writes with the deadline {@code expireAtMs} (0 = none), the same in both tiers. */
    private void write(K key, V value, long expireAtMs) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long startNs = SlowOperationEvent.start();
        byte[] keyBytes = encodeKey(key);
        byte[] valueBytes = encodeValue(value);
        long ttlMs = expireAtMs == 0 ? 0 : Math.max(1, expireAtMs - settings.clock().millis());
        Object memoryKey = keys.memoryKey(key);
        int stripe = stripes.stripe(memoryKey);
        ReentrantLock lock = stripes.lock(stripe);
        lock.lock();
        try {
            if (settings.admission() == AdmissionMode.WRITE_THROUGH) {
                if (expireAtMs == 0) disk.put(keyBytes, valueBytes);
                else disk.put(keyBytes, valueBytes, Instant.ofEpochMilli(expireAtMs));
            } else if (expireAtMs != 0) {
                // This entry may expire in memory before Caffeine evicts it (and writes the expiry
                // tombstone); a read in between must not find an older spilled copy on disk.
                disk.deleteBuffered(keyBytes);
            }
            putInMemory(memoryKey, value, keyBytes.length, valueBytes.length, expireAtMs, ttlMs);
            unspilled.remove(memoryKey);
            stripes.bump(stripe);
        } finally {
            lock.unlock();
        }
        SlowOperationEvent.emitIfSlow("put", keyBytes.length, startNs, settings.slowThresholdNs());
    }

    /**
     * Under the key's lock. A key with a {@link MemoryTierSlot} holding a live entry of the same
     * weight, and no deadline on either side, has its value replaced in place: no lookup in the
     * map, whose cold cache misses were most of a write's memory-tier cost. Only with
     * write-through, where the disk already has the value: a write-on-evict spill must see the
     * entry the map holds, not one changing under it.
     */
    private void putInMemory(Object memoryKey, V value, int keyBytes, int valueBytes, long expireAtMs, long ttlMs) {
        MemoryTierSlot slot = memoryKey instanceof MemoryTierSlot s ? s : null;
        if (slot != null && expireAtMs == 0 && settings.admission() == AdmissionMode.WRITE_THROUGH
                && slot.memoryTierEntry() instanceof MemoryEntry<?> held && held.replaceableBy(slotOwner, MemoryEntry.weightOf(keyBytes, valueBytes))) {
            @SuppressWarnings("unchecked") MemoryEntry<V> entry = (MemoryEntry<V>) held;
            entry.replace(value);
            return;
        }
        MemoryEntry<V> entry = slot == null ? MemoryEntry.of(value, keyBytes, valueBytes, expireAtMs, ttlMs)
                : MemoryEntry.owned(slotOwner, value, keyBytes, valueBytes, expireAtMs, ttlMs);
        if (slot != null) slot.memoryTierEntry(entry); // before the put: an eviction during it clears the slot again
        dropped(memoryKey, memory.asMap().put(memoryKey, entry));
    }

    /** {@code entry} has left the map (or is null): no slot may update it any more. */
    private static void dropped(Object memoryKey, MemoryEntry<?> entry) {
        if (entry == null) return;
        entry.retire();
        if (memoryKey instanceof MemoryTierSlot slot && slot.memoryTierEntry() == entry) slot.memoryTierEntry(null);
    }

    /** Write-on-evict: a size eviction spills to disk; an expiry buries older spilled copies. */
    private void onEvicted(Object memoryKey, MemoryEntry<V> entry, RemovalCause cause) {
        dropped(memoryKey, entry);
        counters.memoryEvictions.increment();
        if (settings.memoryEvicted() != null && memoryKey != null) settings.memoryEvicted().accept(keys.fromMemoryKey(memoryKey));
        if (settings.admission() != AdmissionMode.WRITE_ON_EVICT || memoryKey == null || entry == null) return;
        byte[] keyBytes = keys.encode(keys.fromMemoryKey(memoryKey));
        try {
            if (cause != RemovalCause.SIZE || !spill(keyBytes, entry)) disk.deleteBuffered(keyBytes);
        } catch (RuntimeException e) {
            spillFailed(memoryKey, keyBytes);
        }
        // Not under this key's lock (the eviction runs inside another key's write), so bump the
        // version: a batch read that read this key's disk copy before the spill must read again.
        stripes.bump(stripes.stripe(memoryKey));
    }

    /**
     * The disk refused a spill (it failed and is read-only, or cannot hold this entry). Caffeine
     * drops the entry regardless, so the value is lost (counted); what must not happen is an
     * older disk copy being served in its place, so it is deleted, or, if the disk refuses that
     * too, the key is remembered as unspilled and reads treat its disk copy as absent until the
     * key is written or invalidated again.
     */
    private void spillFailed(Object memoryKey, byte[] keyBytes) {
        counters.spillFailures.increment();
        try {
            disk.deleteBuffered(keyBytes);
        } catch (RuntimeException deleteRefused) {
            unspilled.add(memoryKey);
        }
    }

    /** Writes {@code entry} to disk unless it has expired; returns whether it did. */
    private boolean spill(byte[] keyBytes, MemoryEntry<V> entry) {
        long remainingMs = entry.expireAtMs() == 0 ? 0 : entry.expireAtMs() - settings.clock().millis();
        if (entry.expireAtMs() != 0 && remainingMs <= 0) return false;
        byte[] valueBytes = values.encode(entry.value()); // encoded once successfully at put, so it encodes again
        if (entry.expireAtMs() == 0) disk.putBuffered(keyBytes, valueBytes);
        else disk.putBuffered(keyBytes, valueBytes, Instant.ofEpochMilli(entry.expireAtMs()));
        counters.spills.increment();
        return true;
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key");
        Object memoryKey = keys.memoryKey(key);
        int stripe = stripes.stripe(memoryKey);
        ReentrantLock lock = stripes.lock(stripe);
        lock.lock();
        try {
            byte[] keyBytes = encodeKey(key);
            // Memory first: once the entry is gone no eviction can spill it behind the disk delete.
            dropped(memoryKey, memory.asMap().remove(memoryKey));
            if (settings.admission() == AdmissionMode.WRITE_THROUGH) disk.delete(keyBytes);
            else disk.deleteBuffered(keyBytes);
            unspilled.remove(memoryKey);
            stripes.bump(stripe);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void invalidateAll(Iterable<? extends K> keysToRemove) {
        for (K key : keysToRemove) invalidate(key);
    }

    @Override
    public void clear() {
        stripes.runExclusive(() -> {
            memory.asMap().forEach(TieredCache::dropped); // every stripe is locked: nothing is added meanwhile
            memory.asMap().clear(); // explicit removals: no spill
            disk.clear();
        });
    }

    @Override
    public void flush() {
        if (settings.admission() == AdmissionMode.WRITE_ON_EVICT) spillAll();
        disk.flush();
    }

    @Override
    public void writeOut() {
        disk.writeOut();
    }

    @Override
    public void setMemoryBytes(long memoryBytes) {
        if (memoryBytes < 0) throw new IllegalArgumentException("memoryBytes must not be negative: " + memoryBytes);
        memory.policy().eviction().orElseThrow().setMaximum(memoryBytes);
    }

    private long memoryBytes() {
        return memoryBound.getMaximum();
    }

    @Override
    public double memoryTierFill() {
        long budget = memoryBytes();
        return budget == 0 ? 1 : (double) memoryTierBytes() / budget;
    }

    @Override
    public long checkpoint() {
        if (settings.admission() == AdmissionMode.WRITE_ON_EVICT) spillAll();
        return disk.checkpoint();
    }

    @Override
    public long diskLogMark() {
        return disk.logMark();
    }

    @Override
    public void forEachDiskKey(ObjLongConsumer<K> visitor) {
        disk.forEachKey((key, expireAtMs) -> visitor.accept(keys.decode(key), expireAtMs));
    }

    /**
     * Write-on-evict: copies every memory entry to disk (they stay in memory). Each under its key's
     * lock, re-read there: a copy of an entry invalidated or replaced since the snapshot must not
     * reach the disk after the invalidation or the newer value did.
     */
    private void spillAll() {
        for (Object memoryKey : List.copyOf(memory.asMap().keySet())) {
            ReentrantLock lock = stripes.lock(stripes.stripe(memoryKey));
            lock.lock();
            try {
                MemoryEntry<V> entry = memory.policy().getIfPresentQuietly(memoryKey);
                if (entry != null) spill(keys.encode(keys.fromMemoryKey(memoryKey)), entry);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public CompletableFuture<V> getAsync(K key) {
        return CompletableFuture.supplyAsync(() -> get(key), settings.executor());
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        return CompletableFuture.supplyAsync(() -> get(key, loader), settings.executor());
    }

    @Override
    public CompletableFuture<Void> putAsync(K key, V value) {
        return CompletableFuture.runAsync(() -> put(key, value), settings.executor());
    }

    @Override
    public CacheStats stats() {
        DiskStats diskStats = disk.stats();
        var memoryUse = new CacheStats.Memory(memoryTierBytes(), memoryBytes(), diskStats.indexBytes(), diskStats.bufferBytes());
        return counters.snapshot(memory.estimatedSize(), memoryUse, diskStats);
    }

    private long memoryTierBytes() {
        return memoryBound.weightedSize().orElse(0);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        try {
            flush();
        } finally {
            memory.asMap().forEach(TieredCache::dropped); // slots of keys that outlive this cache let go of its entries
            disk.close();
        }
    }

    /** Now plus {@code ttlMs}; a deadline beyond the last representable millisecond is never reached. */
    private long deadline(long ttlMs) {
        long nowMs = settings.clock().millis();
        return ttlMs > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + ttlMs;
    }

    private byte[] encodeKey(K key) {
        byte[] bytes;
        try {
            bytes = keys.encode(key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the key codec failed to encode " + key + ": " + e.getMessage(), e);
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("the key " + key + " encodes to no bytes; the disk tier needs at least one");
        }
        return bytes;
    }

    private byte[] encodeValue(V value) {
        try {
            return Objects.requireNonNull(values.encode(value), "the value codec returned null");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the value codec failed to encode a value: " + e.getMessage(), e);
        }
    }
}
