package dev.larder.bench.disk;

/**
 * A comparison: {@code numerator.median() / denominator.median()}, optionally against a target
 * the design promises. Medians rather than per-repeat ratios, so the ratio is exactly what the two
 * table rows show.
 *
 * @param label how the table names the comparison, e.g. {@code buffered/durable}
 * @param target the promised bound, or null if none was named
 */
public record Ratio(String id, String label, Figure numerator, Figure denominator, Target target) {

    public static Ratio of(String id, String label, Figure numerator, Figure denominator) {
        return new Ratio(id, label, numerator, denominator, null);
    }

    public Ratio withTarget(Target target) {
        return new Ratio(id, label, numerator, denominator, target);
    }

    public double value() {
        return numerator.median() / denominator.median();
    }

    /** True or false against the target; null if there is none. */
    public Boolean targetMet() {
        return target == null ? null : target.met(value());
    }
}
