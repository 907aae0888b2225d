package dev.larder.bench.disk;

/** What every figure's runner shares: where to put files, where to report, how often to repeat. */
public record BenchContext(Scratch scratch, Report report, Progress progress, int repeats, int blockSizeBytes) {

    /** Applies the chosen block size, if any, to a cache for the write figures. */
    dev.larder.disk.DiskCacheBuilder withBlockSize(dev.larder.disk.DiskCacheBuilder builder) {
        return blockSizeBytes == 0 ? builder : builder.blockSizeBytes(blockSizeBytes);
    }

    static double perSecond(long count, long elapsedNs) {
        return count / (elapsedNs / 1e9);
    }

    static double megabytesPerSecond(long bytes, long elapsedNs) {
        return bytes / (elapsedNs / 1e9) / 1e6;
    }
}
