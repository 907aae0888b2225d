package dev.larder.bench.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The restart table: for each way of starting on existing data, the seconds from process start to
 * the first PONG over several restarts, and how many times sooner than the baseline it was ready.
 *
 * @param baseline id of the timing every ratio divides ({@code redis-rdb})
 * @param fileBytes sizes of the files the servers restart from, by name, in bytes
 * @param notes further facts, in order (load rates, checks)
 */
public record RestartSection(String id, String title, String baseline, long keys, int valueBytes,
        List<Timing> timings, Map<String, Long> fileBytes, Map<String, Object> notes) implements ServerReport.Section {

    public RestartSection {
        timings = List.copyOf(timings);
        fileBytes = new LinkedHashMap<>(fileBytes);
        notes = new LinkedHashMap<>(notes);
    }

    /** One way of restarting: {@code id} for JSON, {@code label} for the table, one figure per restart. */
    public record Timing(String id, String label, List<Double> seconds) {
        public Timing {
            seconds = List.copyOf(seconds);
        }

        public double medianSeconds() {
            return Medians.median(values().toArray());
        }

        public double minSeconds() {
            return values().min().orElse(Double.NaN);
        }

        public double maxSeconds() {
            return values().max().orElse(Double.NaN);
        }

        private DoubleStream values() {
            return seconds.stream().mapToDouble(Double::doubleValue);
        }
    }

    /**
     * Baseline median / {@code timing}'s median: above 1 means {@code timing} was ready sooner.
     * NaN for the baseline itself, and if either was not measured.
     */
    public double speedup(Timing timing) {
        if (timing.id().equals(baseline)) return Double.NaN;
        return timings.stream().filter(t -> t.id().equals(baseline)).findFirst()
                .map(b -> b.medianSeconds() / timing.medianSeconds()).orElse(Double.NaN);
    }
}
