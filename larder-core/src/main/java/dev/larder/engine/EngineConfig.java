package dev.larder.engine;

import dev.larder.disk.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Everything the engine is opened with; built and documented by
 * {@link dev.larder.disk.DiskCacheBuilder}. Geometry fields are 0 when not given: the defaults
 * apply to a new file and the file's own values to an existing one.
 */
public record EngineConfig(
        Path path, long capacityBytes, int blockSizeBytes, int regionSizeBytes,
        long defaultTtlMs, Durability durability,
        int flushOps, int flushBytes, long flushAgeNs,
        int readMergeGapBytes, boolean directIo, boolean mappedReads, boolean reinsertHits,
        int maxKeyBytes, int maxValueBytes, InstantSource clock, boolean overwrite, Consumer<byte[]> evictionListener) {

    static final long DEFAULT_CAPACITY_BYTES = 1L << 30;
    static final int DEFAULT_BLOCK_SIZE_BYTES = 4096;
    static final int DEFAULT_REGION_SIZE_BYTES = 16 << 20;
    private static final Duration MAX_TTL = Duration.ofMillis(Long.MAX_VALUE);

    /**
     * A positive TTL in whole milliseconds: rounded up, so it never becomes 0 ("no expiry"), and
     * capped at {@code Long.MAX_VALUE} ("never"), where {@link Duration#toMillis()} would throw.
     */
    public static long ttlMillis(Duration ttl) {
        if (ttl.compareTo(MAX_TTL) >= 0) return Long.MAX_VALUE;
        return ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
    }
}
