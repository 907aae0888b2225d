package dev.larder.bench.server;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The medians of several redis-benchmark runs of one workload against one server. Each figure is
 * the median of its own samples (so p99 is the median of the runs' p99s, not a p99 over all runs).
 *
 * @param runs how many runs the medians are over; 0 (and NaN figures) if every run failed
 * @param requestsPerRun redis-benchmark's {@code -n} for these runs
 */
public record Medians(double rps, double p50Ms, double p99Ms, int runs, long requestsPerRun) {

    public static Medians of(List<BenchmarkResult> runs, long requestsPerRun) {
        return new Medians(median(runs, BenchmarkResult::rps), median(runs, BenchmarkResult::p50Ms),
                median(runs, BenchmarkResult::p99Ms), runs.size(), requestsPerRun);
    }

    /** The middle value; the mean of the two middle values for an even count; NaN if empty or any is NaN. */
    public static double median(double... values) {
        if (values.length == 0) return Double.NaN;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) return Double.NaN; // Arrays.sort puts NaN last
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double median(List<BenchmarkResult> runs, ToDoubleFunction<BenchmarkResult> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }
}
