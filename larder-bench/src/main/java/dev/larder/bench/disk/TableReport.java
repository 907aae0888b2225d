package dev.larder.bench.disk;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link Report} as a plain-text table for people: one row per figure. */
public final class TableReport {
    private static final String ROW = "  %-46s %12s %12s %12s  %-6s %-24s %s%n";

    private TableReport() {}

    public static void print(Report report, PrintStream out) {
        out.println("Larder disk benchmark");
        report.machine().forEach((k, v) -> out.printf("  %-18s %s%n", k + ":", v));
        out.println("  " + join(report.settings()));
        out.println("  (median of the repeats; min and max beside it; MB = 10^6 bytes; ratio = median / median)");
        for (Section section : report.sections()) section(section, out);
        if (!report.warnings().isEmpty()) {
            out.println();
            report.warnings().forEach(w -> out.println("WARNING: " + w));
        }
    }

    private static void section(Section section, PrintStream out) {
        out.println();
        out.println(section.title());
        out.printf(Locale.ROOT, ROW, "figure", "median", "min", "max", "unit", "ratio", "target");
        for (Section.Row row : section.rows()) {
            Figure f = row.figure();
            out.printf(Locale.ROOT, ROW, f.label(), number(f.median()), number(f.min()), number(f.max()), f.unit(),
                    ratio(row.ratio()), target(row));
        }
        for (Section.Detail detail : section.details()) {
            out.println("    " + detail.label() + ": " + join(detail.values()));
        }
    }

    private static String ratio(Ratio ratio) {
        return ratio == null ? "" : String.format(Locale.ROOT, "%s %s", times(ratio.value()), ratio.label());
    }

    private static String target(Section.Row row) {
        Target target = row.shownTarget();
        if (target == null) return "";
        String unit = target == row.target() ? " " + row.figure().unit() : "x";
        return target.text(unit) + (row.shownTargetMet() ? "  met" : "  MISSED");
    }

    static String times(double x) {
        return String.format(Locale.ROOT, x >= 10 ? "%.1fx" : "%.2fx", x);
    }

    static String number(double x) {
        if (!Double.isFinite(x)) return "-";
        double abs = Math.abs(x);
        if (abs >= 1000) return String.format(Locale.ROOT, "%,.0f", x);
        if (abs >= 100) return String.format(Locale.ROOT, "%.1f", x);
        if (abs >= 1) return String.format(Locale.ROOT, "%.2f", x);
        return String.format(Locale.ROOT, "%.3f", x);
    }

    private static String join(Map<String, Object> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? number(d) : e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
