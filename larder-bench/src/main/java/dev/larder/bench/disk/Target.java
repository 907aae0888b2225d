package dev.larder.bench.disk;

import java.util.Locale;

/** A bound the design promises for a figure or ratio: at least or at most {@code bound}. */
public record Target(boolean atLeast, double bound) {

    public static Target atLeast(double bound) {
        return new Target(true, bound);
    }

    public static Target atMost(double bound) {
        return new Target(false, bound);
    }

    public boolean met(double value) {
        return atLeast ? value >= bound : value <= bound;
    }

    /** e.g. {@code ">= 50x"}, {@code "< 1%"}. */
    public String text(String unit) {
        String number = bound == Math.rint(bound) ? String.valueOf((long) bound) : String.format(Locale.ROOT, "%s", bound);
        return (atLeast ? ">= " : "<= ") + number + unit;
    }
}
