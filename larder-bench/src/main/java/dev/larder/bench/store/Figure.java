package dev.larder.bench.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tool's timings of one step on one tree, and the rates they give. The figure is the median
 * of the samples (wall time of the whole command); rates are over the tree's files and bytes, so
 * for an incremental step they say how fast the tree was brought up to date, not how fast the
 * changed files moved.
 *
 * @param step what was done ("full restore into an empty dir")
 * @param tool who did it, as a short command ("tar -I zstd -xf")
 * @param samplesNanos wall time of each measured run, warm-up excluded
 * @param cpuNanos CPU time (user + system, subprocesses included) of each of those runs; may be empty
 * @param files regular files in the tree
 * @param bytes bytes of regular files in the tree
 */
public record Figure(String step, String tool, List<Long> samplesNanos, List<Long> cpuNanos, long files, long bytes) {
    public Figure {
        samplesNanos = List.copyOf(samplesNanos);
        cpuNanos = List.copyOf(cpuNanos);
        if (!cpuNanos.isEmpty() && cpuNanos.size() != samplesNanos.size()) {
            throw new IllegalArgumentException("one CPU time per run: " + cpuNanos.size() + " for " + samplesNanos.size());
        }
    }

    /** A figure of wall times only. */
    public Figure(String step, String tool, List<Long> samplesNanos, long files, long bytes) {
        this(step, tool, samplesNanos, List.of(), files, bytes);
    }

    public double medianSeconds() {
        return median(samplesNanos) / 1e9;
    }

    public double filesPerSecond() {
        return files / medianSeconds();
    }

    /** Decimal megabytes (10^6 bytes) per second, as tar, rsync and disks report them. */
    public double mbPerSecond() {
        return bytes / 1e6 / medianSeconds();
    }

    public double gbPerSecond() {
        return bytes / 1e9 / medianSeconds();
    }

    /** Cores kept busy on average: the median over runs of CPU time / wall time; NaN without CPU times. */
    public double coresBusy() {
        if (cpuNanos.isEmpty()) return Double.NaN;
        List<Long> permille = new ArrayList<>();
        for (int i = 0; i < samplesNanos.size(); i++) permille.add(cpuNanos.get(i) * 1000 / Math.max(1, samplesNanos.get(i)));
        return median(permille) / 1000;
    }

    /** How many times faster {@code this} is than {@code peer}: peer's median time / this median time. */
    public double speedupOver(Figure peer) {
        return peer.medianSeconds() / medianSeconds();
    }

    /**
     * This figure with {@code startupSeconds} taken off every sample (at least 1 µs left): what the
     * work itself took once the CLI's JVM is up. Estimates only, since start-up varies run to run.
     */
    public Figure withoutStartup(double startupSeconds) {
        long startupNanos = Math.round(startupSeconds * 1e9);
        return new Figure(step, tool, samplesNanos.stream().map(n -> Math.max(1_000, n - startupNanos)).toList(), List.of(), files, bytes);
    }

    public boolean isLarder() {
        return tool.startsWith("larder");
    }

    /** The middle value; the mean of the two middle values for an even count; NaN if empty. */
    static double median(List<Long> values) {
        if (values.isEmpty()) return Double.NaN;
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
    }
}
