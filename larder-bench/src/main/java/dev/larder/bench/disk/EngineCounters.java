package dev.larder.bench.disk;

import dev.larder.disk.DiskStats;

/**
 * Turns {@link DiskStats} into the details printed under a section — the counters that explain a
 * figure (how many fsyncs, how big the batches were, how many device reads) — and flags phases
 * whose figures are suspect (eviction during a write phase, misses where every key was written).
 */
final class EngineCounters {
    private EngineCounters() {}

    /** Write-path counters of one phase (a fresh cache, so cumulative = this phase). */
    static void writes(Section section, String label, DiskStats s, long elapsedNs) {
        section.detail(label,
                "puts", s.puts(), "batches", s.batches(), "avgBatchRecords", s.averageBatchRecords(),
                "maxBatchRecords", s.maxBatchRecords(), "avgBatchKiB", s.averageBatchBytes() / 1024,
                "fsyncs", s.fsyncs(), "writeOps", s.writeOps(),
                "deviceBytesPerPut", s.puts() == 0 ? 0.0 : (double) s.writeBytes() / s.puts(),
                "deviceMBps", s.writeBytes() / (elapsedNs / 1e9) / 1e6,
                "evictedRegions", s.evictedRegions());
    }

    static void checkNoEviction(Report report, String phase, DiskStats s) {
        if (s.evictedRegions() > 0) {
            report.warn(phase + ": the cache evicted " + s.evictedRegions() + " regions during the phase; "
                    + "its figure includes eviction work (CacheSizing underestimated the space)");
        }
    }

    static void checkNoMisses(Report report, String phase, long misses) {
        if (misses > 0) report.warn(phase + ": " + misses + " reads of written keys missed; the figure is not valid");
    }
}
