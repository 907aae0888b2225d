package dev.larder.disk;

import dev.larder.engine.EngineConfig;
import dev.larder.engine.RegionEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures and opens a {@link DiskCache}. Geometry settings (capacity, block and region size)
 * apply when the file is created; an existing file keeps its own, and setting a different value
 * explicitly is an error rather than a silent reformat.
 */
public final class DiskCacheBuilder {
    static final long MiB = 1L << 20;

    private final Path path;
    private long capacityBytes;
    private int blockSizeBytes;
    private int regionSizeBytes;
    private Duration defaultTtl = Duration.ZERO;
    private Durability durability = Durability.BATCH;
    private int flushOps = 32;
    private int flushBytes = (int) (4 * MiB);
    private Duration flushAge = Duration.ofMillis(10);
    private int readMergeGapBytes = 64 * 1024;
    private boolean directIo;
    private boolean mappedReads = true;
    private boolean reinsertHits = true;
    private int maxKeyBytes = 64 * 1024;
    private long maxValueBytes = 512 * MiB;
    private InstantSource clock = InstantSource.system();
    private boolean overwrite;
    private Consumer<byte[]> evictionListener = key -> {};

    DiskCacheBuilder(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Size of the data file, fully preallocated. Default (new files): 1 GiB. */
    public DiskCacheBuilder capacityBytes(long capacityBytes) {
        this.capacityBytes = positive(capacityBytes, "capacityBytes");
        return this;
    }

    /**
     * Unit of alignment and record padding; a power of two from 64 B to 1 MiB (at least 4 KiB with
     * {@link #directIo}). Default: 4 KiB, the page and O_DIRECT sector size on common SSDs and
     * filesystems. Small values waste less with small blocks; a region holds at most 32768 blocks.
     */
    public DiskCacheBuilder blockSizeBytes(int blockSizeBytes) {
        this.blockSizeBytes = (int) positive(blockSizeBytes, "blockSizeBytes");
        return this;
    }

    /**
     * Unit of writing and eviction; a multiple of the block size, at most 32768 blocks. Default:
     * 16 MiB, large enough to make writes sequential, small enough that evicting one costs little.
     */
    public DiskCacheBuilder regionSizeBytes(int regionSizeBytes) {
        this.regionSizeBytes = (int) positive(regionSizeBytes, "regionSizeBytes");
        return this;
    }

    /** TTL for writes that give none; {@link Duration#ZERO} means never expire. Default: none. */
    public DiskCacheBuilder defaultTtl(Duration defaultTtl) {
        if (defaultTtl.isNegative()) throw new IllegalArgumentException("defaultTtl must not be negative: " + defaultTtl);
        this.defaultTtl = defaultTtl;
        return this;
    }

    /** What {@code put} waits for. Default: {@link Durability#BATCH}. */
    public DiskCacheBuilder durability(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
        return this;
    }

    /**
     * When buffered writes are flushed: at {@code ops} records, {@code bytes} bytes or {@code age}
     * since the batch's first write, whichever comes first. Defaults: 32, 4 MiB, 10 ms — a batch
     * amortises one sync over many writes while a lone buffered write waits at most 10 ms.
     */
    public DiskCacheBuilder flushThresholds(int ops, int bytes, Duration age) {
        this.flushOps = (int) positive(ops, "flush ops");
        this.flushBytes = (int) positive(bytes, "flush bytes");
        if (age.isNegative() || age.isZero()) throw new IllegalArgumentException("flush age must be positive: " + age);
        this.flushAge = age;
        return this;
    }

    /**
     * Batch reads merge two records into one read when the gap between them is at most this.
     * Default: 64 KiB — reading 64 KiB more costs less than another request on SSDs.
     */
    public DiskCacheBuilder readMergeGapBytes(int gapBytes) {
        if (gapBytes < 0) throw new IllegalArgumentException("readMergeGapBytes must not be negative: " + gapBytes);
        this.readMergeGapBytes = gapBytes;
        return this;
    }

    /** Bypass the page cache with O_DIRECT (block size must suit the device). Default: off. */
    public DiskCacheBuilder directIo(boolean directIo) {
        this.directIo = directIo;
        return this;
    }

    /** Serve reads of written regions from a read-only memory mapping. Default: on (off with O_DIRECT). */
    public DiskCacheBuilder mappedReads(boolean mappedReads) {
        this.mappedReads = mappedReads;
        return this;
    }

    /** On eviction, rewrite records read since they were written instead of dropping them. Default: on. */
    public DiskCacheBuilder reinsertHits(boolean reinsertHits) {
        this.reinsertHits = reinsertHits;
        return this;
    }

    /** Largest key accepted. Default: 64 KiB. */
    public DiskCacheBuilder maxKeyBytes(int maxKeyBytes) {
        this.maxKeyBytes = (int) positive(maxKeyBytes, "maxKeyBytes");
        return this;
    }

    /** Largest value accepted; larger than a region is fine (stored in chunks). Default: 512 MiB. */
    public DiskCacheBuilder maxValueBytes(long maxValueBytes) {
        this.maxValueBytes = positive(maxValueBytes, "maxValueBytes");
        return this;
    }

    /** Time source for TTLs (tests use a controllable one). Default: the system clock. */
    public DiskCacheBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Called with the key of each entry evicted to make room (the oldest region is reused), after
     * it is gone from the index; not for expiries, deletes or hits reinserted. Runs on the writing
     * thread, inside the write: it must be quick (queue the key, do not call back into the cache).
     * Default: none.
     */
    public DiskCacheBuilder evictionListener(Consumer<byte[]> evictionListener) {
        this.evictionListener = Objects.requireNonNull(evictionListener, "evictionListener");
        return this;
    }

    /**
     * Formats {@code path} afresh even if it holds data, which is then lost. Needed once for a raw
     * block device (it always exists); the capacity defaults to the device's size. Default: false,
     * so an existing file is recovered and anything that is not a Larder file is refused.
     */
    public DiskCacheBuilder overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /**
     * Opens the cache, creating and preallocating the file if absent, recovering it otherwise.
     *
     * @throws IOException if the file cannot be created, is not a Larder file, is truncated or of
     *     an unsupported version, or there is not enough free space; the message says which
     */
    public DiskCache open() throws IOException {
        if (maxValueBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxValueBytes must be below 2 GiB (values are Java arrays): " + maxValueBytes);
        }
        long defaultTtlMs = defaultTtl.isZero() ? 0 : EngineConfig.ttlMillis(defaultTtl);
        var config = new EngineConfig(path, capacityBytes, blockSizeBytes, regionSizeBytes,
                defaultTtlMs, durability, flushOps, flushBytes, flushAge.toNanos(),
                readMergeGapBytes, directIo, mappedReads && !directIo, reinsertHits, maxKeyBytes,
                (int) maxValueBytes, clock, overwrite, evictionListener);
        return RegionEngine.open(config);
    }

    private static long positive(long value, String name) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive: " + value);
        return value;
    }
}
