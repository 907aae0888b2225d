package dev.larder.bench.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code redis-benchmark --csv} output. Version 7.0 prints a header line and one quoted
 * row per test:
 *
 * <pre>
 * "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 * "SET","168067.22","0.195","0.056","0.183","0.311","0.415","1.111"
 * "MSET (10 keys)","77519.38","0.586","0.120","0.551","1.023","1.359","2.767"
 * </pre>
 *
 * Columns are found by header name, so older versions (no header, {@code "test","rps"} only) still
 * give throughput, with NaN percentiles.
 */
public final class BenchmarkCsv {
    private BenchmarkCsv() {}

    /** @throws IllegalArgumentException if a row is malformed; the message quotes it */
    public static List<BenchmarkResult> parse(String csv) {
        List<String> lines = csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) return List.of();
        List<String> first = fields(lines.getFirst());
        boolean hasHeader = first.stream().anyMatch(f -> f.equalsIgnoreCase("test") || f.equalsIgnoreCase("rps"));
        Columns columns = hasHeader ? Columns.of(first) : Columns.LEGACY;
        List<BenchmarkResult> results = new ArrayList<>();
        for (String line : hasHeader ? lines.subList(1, lines.size()) : lines) results.add(columns.row(line));
        return results;
    }

    /** Splits one CSV line into fields; double quotes delimit a field, {@code ""} inside is a quote. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** Where the columns this harness reads sit; -1 if the output lacks one. */
    private record Columns(int test, int rps, int p50, int p99) {
        static final Columns LEGACY = new Columns(0, 1, -1, -1);

        static Columns of(List<String> header) {
            List<String> names = header.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            Columns columns = new Columns(names.indexOf("test"), names.indexOf("rps"),
                    names.indexOf("p50_latency_ms"), names.indexOf("p99_latency_ms"));
            if (columns.rps < 0) throw new IllegalArgumentException("redis-benchmark CSV header has no rps column: " + header);
            return columns;
        }

        BenchmarkResult row(String line) {
            List<String> fields = fields(line);
            try {
                return new BenchmarkResult(fields.get(test), number(fields, rps), number(fields, p50), number(fields, p99));
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("malformed redis-benchmark CSV row: " + line, e);
            }
        }

        private static double number(List<String> fields, int column) {
            return column < 0 ? Double.NaN : Double.parseDouble(fields.get(column));
        }
    }
}
