package dev.larder.disk;

/**
 * A point-in-time snapshot of a {@link DiskCache}: sizes, operation counts, device I/O, batching,
 * eviction and latency. Counters are cumulative since open.
 *
 * @param readOps device reads issued (one per merged run); {@code recordsRead / readOps} is the
 *     merged-read ratio
 * @param checksumFailures records that failed verification on read (each was served as a miss)
 */
public record DiskStats(
        long capacityBytes, int blockSizeBytes, int regionSizeBytes, int regionCount, int sealedRegions,
        long indexEntries, long indexBytes, long bufferBytes,
        long gets, long hits, long misses, long expired, long checksumFailures,
        long puts, long deletes,
        long readOps, long readBytes, long recordsRead,
        long writeOps, long writeBytes, long fsyncs,
        long batches, long batchRecords, long maxBatchRecords, long batchBytes,
        long evictedRegions, long evictedEntries, long reinsertedEntries,
        Latency putLatency, Latency getLatency, Latency flushLatency) {

    /**
     * Latency percentiles in nanoseconds (HdrHistogram, 3 significant digits) of {@code count}
     * timed operations: every flush, but only one put and one get in 8 (timing is not free).
     */
    public record Latency(long count, long p50Ns, long p99Ns, long p999Ns, long maxNs) {
        public static final Latency NONE = new Latency(0, 0, 0, 0, 0);
    }

    /** Records served per device read in batch and point reads. */
    public double mergedReadRatio() {
        return readOps == 0 ? 0 : (double) recordsRead / readOps;
    }

    public double hitRate() {
        return gets == 0 ? 0 : (double) hits / gets;
    }

    public double averageBatchRecords() {
        return batches == 0 ? 0 : (double) batchRecords / batches;
    }

    public double averageBatchBytes() {
        return batches == 0 ? 0 : (double) batchBytes / batches;
    }

    public double indexBytesPerEntry() {
        return indexEntries == 0 ? 0 : (double) indexBytes / indexEntries;
    }
}
