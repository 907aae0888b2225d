package dev.larder.engine;

import dev.larder.disk.Durability;
import java.nio.file.Path;
import java.time.InstantSource;

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
        int maxKeyBytes, int maxValueBytes, InstantSource clock) {

    static final long DEFAULT_CAPACITY_BYTES = 1L << 30;
    static final int DEFAULT_BLOCK_SIZE_BYTES = 4096;
    static final int DEFAULT_REGION_SIZE_BYTES = 16 << 20;
}
