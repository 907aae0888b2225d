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
    final Timer put = new Timer();
    final Timer get = new Timer();
    final Timer flush = new Timer();

    void countBatch(Batch batch) {
        batches.increment();
        batchRecords.add(batch.records);
        maxBatchRecords.accumulate(batch.records);
        batchBytes.add(batch.bytes);
    }

    /** A latency recorder with a cumulative total. */
    static final class Timer {
        private final Recorder recorder = new Recorder(3);
        private final Histogram total = new Histogram(3);

        void recordSince(long startNs) {
            recorder.recordValue(Math.max(0, System.nanoTime() - startNs));
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
