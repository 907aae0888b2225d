package dev.larder.engine;

import dev.larder.disk.DiskStats;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The engine's counters and latency recorders. Writers bump {@link LongAdder}s and HdrHistogram
 * {@link Recorder}s (wait-free); {@link #latency} folds each recorder's interval into a running
 * total under that total's monitor.
 */
final class EngineStats {
    final LongAdder gets = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder checksumFailures = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder recordsRead = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder batchRecords = new LongAdder();
    final LongAccumulator maxBatchRecords = new LongAccumulator(Math::max, 0);
    final LongAdder batchBytes = new LongAdder();
    final LongAdder evictedRegions = new LongAdder();
    final LongAdder evictedEntries = new LongAdder();
    final LongAdder reinserted = new LongAdder();
    final Timer put = new Timer(SAMPLED_OPERATION);
    final Timer get = new Timer(SAMPLED_OPERATION);
    final Timer flush = new Timer(1);

    void countBatch(Batch batch) {
        batches.increment();
        batchRecords.add(batch.records);
        maxBatchRecords.accumulate(batch.records);
        batchBytes.add(batch.bytes);
    }

    /**
     * Puts and gets time one operation in 8: two clock reads and the recorder's two atomic
     * increments were 3-4 % of a server SET, and 1 in 8 of 100,000s per second is plenty for p99.
     */
    static final int SAMPLED_OPERATION = 8;
    private static final long NOT_TIMED = Long.MIN_VALUE;

    /** A latency recorder with a cumulative total, timing one operation in {@code every}. */
    static final class Timer {
        private final Recorder recorder = new Recorder(3);
        private final Histogram total = new Histogram(3);
        private final int every; // a power of two
        private int calls; // racy across threads: only how often a sample is taken can drift

        Timer(int every) {
            if (Integer.bitCount(every) != 1) throw new IllegalArgumentException("not a power of two: " + every);
            this.every = every;
        }

        /** The start of an operation: its time if this one is timed, else a mark {@link #recordSince} ignores. */
        long start() {
            return (calls++ & (every - 1)) == 0 ? System.nanoTime() : NOT_TIMED;
        }

        void recordSince(long startNs) {
            if (startNs != NOT_TIMED) recorder.recordValue(Math.max(0, System.nanoTime() - startNs));
        }

        DiskStats.Latency latency() {
            synchronized (total) {
                total.add(recorder.getIntervalHistogram());
                if (total.getTotalCount() == 0) return DiskStats.Latency.NONE;
                return new DiskStats.Latency(total.getTotalCount(), total.getValueAtPercentile(50),
                        total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getMaxValue());
            }
        }
    }
}
