package dev.larder.bench.disk;

import dev.larder.disk.DiskStats;
import java.util.List;

/**
 * What one read approach (getAll or single gets) did over a phase: time per repeat, device reads
 * (from {@link DiskStats} snapshots taken outside the timed calls), and misses.
 */
final class ReadTally {
    private final long[] elapsedNsPerRepeat;
    private final int batchesPerRepeat;
    private long readOps;
    private long recordsRead;
    private long readBytes;
    private long misses;
    private int batches;

    ReadTally(int repeats, int batchesPerRepeat) {
        this.elapsedNsPerRepeat = new long[repeats];
        this.batchesPerRepeat = batchesPerRepeat;
    }

    void add(int repeat, long elapsedNs, DiskStats before, DiskStats after, List<byte[]> values, int valueBytes) {
        elapsedNsPerRepeat[repeat] += elapsedNs;
        readOps += after.readOps() - before.readOps();
        recordsRead += after.recordsRead() - before.recordsRead();
        readBytes += after.readBytes() - before.readBytes();
        for (byte[] v : values) if (v == null || v.length != valueBytes) misses++;
        batches++;
    }

    /** Mean latency of one batch, in µs, for each repeat. */
    double[] microsPerBatch() {
        double[] us = new double[elapsedNsPerRepeat.length];
        for (int r = 0; r < us.length; r++) us[r] = elapsedNsPerRepeat[r] / 1e3 / batchesPerRepeat;
        return us;
    }

    long misses() {
        return misses;
    }

    void detail(Section section, String label) {
        section.detail(label, "batches", batches,
                "deviceReadsPerBatch", batches == 0 ? 0.0 : (double) readOps / batches,
                "recordsPerRead", readOps == 0 ? 0.0 : (double) recordsRead / readOps,
                "KiBPerRead", readOps == 0 ? 0.0 : readBytes / 1024.0 / readOps);
    }
}
