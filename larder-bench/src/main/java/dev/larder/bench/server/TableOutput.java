package dev.larder.bench.server;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ServerReport} for people: one table per section, one row per workload. */
public final class TableOutput {
    private static final String ROW = "  %-16s %13s %13s %7s %11s %11s %11s %11s %7s %10s  %s";

    private TableOutput() {}

    public static void print(ServerReport report, PrintStream out) {
        out.println("Larder server benchmark (redis-benchmark, " + RedisBenchmark.CLIENTS + " clients)");
        report.settings().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k + ":", v));
        report.servers().forEach((name, command) -> out.printf(Locale.ROOT, "  %-22s %s%n", name + ":", command));
        out.println("  (each figure: median over the runs; ratio = median / median; latencies in ms;"
                + " n = requests per run)");
        for (ReportSection section : report.sections()) section(section, out);
        if (!report.warnings().isEmpty()) {
            out.println();
            report.warnings().forEach(w -> out.println("WARNING: " + w));
        }
    }

    private static void section(ReportSection s, PrintStream out) {
        out.println();
        out.println(s.title());
        String b = s.baseline();
        String l = s.subject();
        row(out, "workload", b + " ops/s", l + " ops/s", "ratio", b + " p50", l + " p50",
                b + " p99", l + " p99", "p99 r", "n", Double.isNaN(s.goalThroughputRatio()) ? "" : "goal");
        for (Comparison c : s.rows()) {
            row(out, c.workload().label(), ops(c.baseline().rps()), ops(c.subject().rps()),
                    times(c.throughputRatio()), ms(c.baseline().p50Ms()), ms(c.subject().p50Ms()),
                    ms(c.baseline().p99Ms()), ms(c.subject().p99Ms()), times(c.p99Ratio()), requests(c), goal(s, c));
        }
        for (Map.Entry<String, Object> note : s.notes().entrySet()) {
            out.printf(Locale.ROOT, "    %s: %s%n", note.getKey(), note.getValue());
        }
    }

    private static void row(PrintStream out, Object... cells) {
        out.println(String.format(Locale.ROOT, ROW, cells).stripTrailing());
    }

    private static String goal(ReportSection s, Comparison c) {
        Boolean met = s.goalMet(c);
        if (met == null) return "";
        return String.format(Locale.ROOT, "ratio >= %.2f %s", s.goalThroughputRatio(), met ? "met" : "MISSED");
    }

    private static String requests(Comparison c) {
        long b = c.baseline().requestsPerRun();
        long s = c.subject().requestsPerRun();
        return String.format(Locale.ROOT, b == s ? "%,d" : "%,d/%,d", b, s);
    }

    static String ops(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%,.0f", x) : "-";
    }

    static String ms(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3f", x) : "-";
    }

    static String times(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2fx", x) : "-";
    }
}
