package dev.larder.bench.server;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ServerReport} for people: one table per section, one row per workload. */
public final class TableOutput {
    private static final String ROW = "  %-16s %13s %13s %7s %11s %11s %11s %11s %7s %10s  %s";
    private static final String RESTART_ROW = "  %-30s %9s %9s %9s %5s %8s";

    private TableOutput() {}

    public static void print(ServerReport report, PrintStream out) {
        out.println("Larder server benchmark (redis-benchmark, " + RedisBenchmark.CLIENTS + " clients)");
        report.settings().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k + ":", v));
        report.servers().forEach((name, command) -> out.printf(Locale.ROOT, "  %-22s %s%n", name + ":", command));
        out.println("  (each figure: median over the runs; ratio = median / median; latencies in ms;"
                + " n = requests per run)");
        for (ServerReport.Section section : report.sections()) {
            switch (section) {
                case ReportSection s -> section(s, out);
                case RestartSection s -> restart(s, out);
            }
        }
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

    private static void restart(RestartSection s, PrintStream out) {
        out.println();
        out.println(s.title());
        restartRow(out, "case", "median s", "min s", "max s", "runs", "ratio");
        for (RestartSection.Timing t : s.timings()) {
            restartRow(out, t.label(), seconds(t.medianSeconds()), seconds(t.minSeconds()), seconds(t.maxSeconds()),
                    t.seconds().size(), times(s.speedup(t)));
        }
        s.fileBytes().forEach((name, bytes) -> out.printf(Locale.ROOT, "    %s: %s%n", name, size(bytes)));
        for (Map.Entry<String, Object> note : s.notes().entrySet()) {
            out.printf(Locale.ROOT, "    %s: %s%n", note.getKey(), note.getValue());
        }
    }

    private static void row(PrintStream out, Object... cells) {
        out.println(String.format(Locale.ROOT, ROW, cells).stripTrailing());
    }

    private static void restartRow(PrintStream out, Object... cells) {
        out.println(String.format(Locale.ROOT, RESTART_ROW, cells).stripTrailing());
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

    static String seconds(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3f", x) : "-";
    }

    /** GiB from 1 GiB up, MiB below, and the exact count. */
    static String size(long bytes) {
        if (bytes < 0) return "-";
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB (%,d bytes)", bytes / (double) (1L << 30), bytes)
                : String.format(Locale.ROOT, "%.1f MiB (%,d bytes)", bytes / (double) (1L << 20), bytes);
    }

    static String times(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2fx", x) : "-";
    }
}
