package dev.larder.cache;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import dev.larder.disk.Durability;
import dev.larder.tier.TieredCache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/** Configures a {@link HybridCache}. Only {@link #diskPath} is required. */
public final class HybridCacheBuilder<K, V> {
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private Path diskPath;
    private long memoryBytes = 64L << 20;
    private long diskCapacityBytes;
    private int blockSizeBytes;
    private int regionSizeBytes;
    private Duration defaultTtl = Duration.ZERO;
    private Durability durability = Durability.BATCH;
    private AdmissionMode admission = AdmissionMode.WRITE_THROUGH;
    private Executor executor;
    private Function<? super K, ? extends V> loader;
    private Duration loadTimeout = Duration.ofSeconds(30);
    private double refreshAheadFraction;
    private boolean warmUp;
    private Duration slowOperationThreshold = Duration.ofMillis(20);
    private InstantSource clock = InstantSource.system();
    private Consumer<? super K> diskEvictionListener;
    private Consumer<? super K> memoryEvictionListener;
    private boolean promoteOnRepeatHit;

    HybridCacheBuilder(Codec<K> keyCodec, Codec<V> valueCodec) {
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
    }

    /** Where the disk tier's data file lives (created if absent). Required. */
    public HybridCacheBuilder<K, V> diskPath(Path diskPath) {
        this.diskPath = Objects.requireNonNull(diskPath, "diskPath");
        return this;
    }

    /** Memory tier budget in serialized key + value bytes. Default: 64 MiB. */
    public HybridCacheBuilder<K, V> memoryBytes(long memoryBytes) {
        if (memoryBytes < 0) throw new IllegalArgumentException("memoryBytes must not be negative: " + memoryBytes);
        this.memoryBytes = memoryBytes;
        return this;
    }

    /** Disk tier file size for a new file. Default: 1 GiB. */
    public HybridCacheBuilder<K, V> diskCapacityBytes(long diskCapacityBytes) {
        this.diskCapacityBytes = diskCapacityBytes;
        return this;
    }

    /** Disk block and region sizes for a new file; see {@link DiskCacheBuilder}. Defaults: 4 KiB, 16 MiB. */
    public HybridCacheBuilder<K, V> diskGeometry(int blockSizeBytes, int regionSizeBytes) {
        this.blockSizeBytes = blockSizeBytes;
        this.regionSizeBytes = regionSizeBytes;
        return this;
    }

    /** TTL of entries written without one; zero means never. Default: none. */
    public HybridCacheBuilder<K, V> defaultTtl(Duration defaultTtl) {
        if (defaultTtl.isNegative()) throw new IllegalArgumentException("defaultTtl must not be negative: " + defaultTtl);
        this.defaultTtl = defaultTtl;
        return this;
    }

    /** What a write-through put waits for. Default: {@link Durability#BATCH}. */
    public HybridCacheBuilder<K, V> durability(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
        return this;
    }

    /** Default: {@link AdmissionMode#WRITE_THROUGH}. */
    public HybridCacheBuilder<K, V> admission(AdmissionMode admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
        return this;
    }

    /** Runs async operations and refreshes. Default: a virtual thread per task (disk I/O blocks). */
    public HybridCacheBuilder<K, V> executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** The loader {@link HybridCache#get(Object)} uses on a miss. Default: none. */
    public HybridCacheBuilder<K, V> loader(Function<? super K, ? extends V> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /**
     * How long a caller waits for another thread's load of the same key before giving up with a
     * {@link java.util.concurrent.TimeoutException} as cause. Default: 30 s.
     */
    public HybridCacheBuilder<K, V> loadTimeout(Duration loadTimeout) {
        if (loadTimeout.isNegative() || loadTimeout.isZero()) throw new IllegalArgumentException("loadTimeout must be positive");
        this.loadTimeout = loadTimeout;
        return this;
    }

    /**
     * With a builder loader: a hit on an entry in the last {@code fraction} of its TTL reloads it
     * in the background. 0 disables. Default: 0.
     */
    public HybridCacheBuilder<K, V> refreshAhead(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("refreshAhead fraction must be in [0, 1): " + fraction);
        this.refreshAheadFraction = fraction;
        return this;
    }

    /**
     * While the memory tier is full, a disk hit enters it only if the same key hit the disk lately
     * (within about as many disk hits as memory holds entries); a first hit is served from disk
     * and left there. For data far larger than memory read without much repetition, this saves a
     * memory-tier insert and an eviction per read; a key read again soon is promoted on its second
     * hit. Default: off, every disk hit is promoted.
     */
    public HybridCacheBuilder<K, V> promoteOnRepeatHit(boolean repeatHitOnly) {
        this.promoteOnRepeatHit = repeatHitOnly;
        return this;
    }

    /** On open, fill the memory tier from the most recently written disk entries, in the background. Default: off. */
    public HybridCacheBuilder<K, V> warmUp(boolean warmUp) {
        this.warmUp = warmUp;
        return this;
    }

    /** Operations slower than this emit a JFR {@code dev.larder.SlowOperation} event. Default: 20 ms. */
    public HybridCacheBuilder<K, V> slowOperationThreshold(Duration threshold) {
        this.slowOperationThreshold = Objects.requireNonNull(threshold, "threshold");
        return this;
    }

    /** Time source for TTLs. Default: the system clock. */
    public HybridCacheBuilder<K, V> clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Called with each key the disk tier evicts to make room; the memory tier may still hold it.
     * Runs on the writing thread: queue the key, do not call back into the cache. Default: none.
     */
    public HybridCacheBuilder<K, V> diskEvictionListener(Consumer<? super K> listener) {
        this.diskEvictionListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Called with each key the memory tier evicts to make room; the disk tier keeps its copy
     * unless it evicted that too (expired entries are dropped without a call). For a caller that
     * keeps its own references to values the memory tier holds, to drop them when the tier does.
     * Runs on the thread whose operation caused the eviction: queue the key, do not call back
     * into the cache. Default: none.
     */
    public HybridCacheBuilder<K, V> memoryEvictionListener(Consumer<? super K> listener) {
        this.memoryEvictionListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** A key that does not decode was never this cache's (or is damaged): there is nothing to tell. */
    private void diskEvicted(byte[] key) {
        K decoded;
        try {
            decoded = keyCodec.decode(key);
        } catch (RuntimeException e) {
            return;
        }
        diskEvictionListener.accept(decoded);
    }

    /** Opens the disk tier (creating or recovering it) and returns the cache. */
    public HybridCache<K, V> build() throws IOException {
        if (diskPath == null) throw new IllegalStateException("diskPath is required");
        DiskCacheBuilder disk = DiskCache.builder(diskPath).durability(durability).clock(clock);
        if (diskCapacityBytes != 0) disk.capacityBytes(diskCapacityBytes);
        if (blockSizeBytes != 0) disk.blockSizeBytes(blockSizeBytes);
        if (regionSizeBytes != 0) disk.regionSizeBytes(regionSizeBytes);
        if (diskEvictionListener != null) disk.evictionListener(this::diskEvicted);
        var settings = new TieredCache.Settings<>(keyCodec, valueCodec, memoryBytes,
                defaultTtl.isZero() ? 0 : TieredCache.ttlMillis(defaultTtl), admission,
                executor != null ? executor : Executors.newVirtualThreadPerTaskExecutor(), loader, loadTimeout,
                refreshAheadFraction, warmUp, slowOperationThreshold.toNanos(), clock, memoryEvictionListener,
                promoteOnRepeatHit);
        return new TieredCache<>(disk.open(), settings);
    }
}
