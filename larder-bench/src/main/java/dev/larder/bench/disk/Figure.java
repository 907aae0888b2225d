package dev.larder.bench.disk;

import java.util.Arrays;

/**
 * One measured quantity, repeated: {@code samples[i]} is repeat {@code i}'s value. Reports show the
 * median (robust to one slow repeat, e.g. a background writeback) with min and max beside it.
 *
 * @param id stable machine name, e.g. {@code write.4k.buffered.opsPerSec}
 * @param label what a human reads in the table
 * @param unit e.g. {@code ops/s}, {@code MB/s} (10^6 bytes), {@code µs}
 */
public record Figure(String id, String label, String unit, double[] samples) {
    public Figure {
        if (samples.length == 0) throw new IllegalArgumentException("figure " + id + " has no samples");
        samples = samples.clone();
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    public double median() {
        double[] sorted = sorted();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public double min() {
        return sorted()[0];
    }

    public double max() {
        return sorted()[samples.length - 1];
    }

    /** The same samples scaled by {@code factor}, e.g. ops/s to MB/s. */
    public Figure scaled(String newId, String newLabel, String newUnit, double factor) {
        return new Figure(newId, newLabel, newUnit, Arrays.stream(samples).map(s -> s * factor).toArray());
    }

    private double[] sorted() {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
