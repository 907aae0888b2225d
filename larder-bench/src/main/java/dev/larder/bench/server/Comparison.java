package dev.larder.bench.server;

/**
 * Larder beside a baseline on one workload: medians of both and the ratios the report leads
 * with. Ratios are of medians, so they are exactly what the two table columns show.
 *
 * @param baseline Redis in the side-by-side run; in-memory Larder in the larger-than-memory run
 * @param subject Larder in the side-by-side run; larger-than-memory Larder in that run
 */
public record Comparison(Workload workload, Medians baseline, Medians subject) {

    /** subject / baseline ops/s: above 1 means the subject is faster. */
    public double throughputRatio() {
        return subject.rps() / baseline.rps();
    }

    /** subject / baseline p99: above 1 means the subject's tail is slower. */
    public double p99Ratio() {
        return subject.p99Ms() / baseline.p99Ms();
    }
}
