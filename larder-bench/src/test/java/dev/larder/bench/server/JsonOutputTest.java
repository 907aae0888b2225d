package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    private static ServerReport report() {
        var row = new Comparison(new Workload("get", 4096, 16), new Medians(200_000, 0.5, 2.0, 3, 500_000),
                new Medians(120_000, 0.75, 3.0, 3, 500_000));
        var failed = new Comparison(new Workload("mset", 100, 1), new Medians(70_000, 0.6, 1.3, 3, 200_000),
                Medians.of(List.of(), 200_000));
        return new ServerReport().setting("repeats", 3).server("redis", List.of("redis-server", "--save", ""))
                .add(new ReportSection("ltm", "Random \"GETs\"", "in-mem", "LTM", List.of(row, failed), 0.5,
                        Map.of("LTM load", "1 key")))
                .warn("larder failed MSET d=100 P=1: ERR unknown command");
    }

    @Test
    void rendersOneObjectWithRowsRatiosAndNullsForWhatWasNotMeasured() {
        String json = JsonOutput.render(report());

        assertThat(json).startsWith("{\"benchmark\":\"server\",\"settings\":{\"repeats\":3},"
                + "\"servers\":{\"redis\":\"redis-server --save ''\"},");
        assertThat(json).contains("\"title\":\"Random \\\"GETs\\\"\"", "\"goalThroughputRatio\":0.5",
                "{\"test\":\"get\",\"valueBytes\":4096,\"pipeline\":16,"
                        + "\"baseline\":{\"opsPerSec\":200000,\"p50Ms\":0.5,\"p99Ms\":2,\"runs\":3,\"requestsPerRun\":500000},"
                        + "\"subject\":{\"opsPerSec\":120000,\"p50Ms\":0.75,\"p99Ms\":3,\"runs\":3,\"requestsPerRun\":500000},"
                        + "\"throughputRatio\":0.6,\"p99Ratio\":1.5,\"goalMet\":true}",
                "\"subject\":{\"opsPerSec\":null,\"p50Ms\":null,\"p99Ms\":null,\"runs\":0",
                "\"warnings\":[\"larder failed MSET d=100 P=1: ERR unknown command\"]");
        assertThat(json).endsWith("]}").doesNotContain("NaN");
    }

    @Test
    void commandLinesQuoteWhatAShellWouldSplitOrDrop() {
        assertThat(ServerReport.shellQuoted("")).isEqualTo("''");
        assertThat(ServerReport.shellQuoted("a b")).isEqualTo("'a b'");
        assertThat(ServerReport.shellQuoted("it's")).isEqualTo("'it'\\''s'");
        assertThat(ServerReport.shellQuoted("--dir=/tmp/x-1")).isEqualTo("--dir=/tmp/x-1");
    }

    @Test
    void escapesControlCharacters() {
        StringBuilder out = new StringBuilder();
        dev.larder.bench.Json.write(out, List.of("a\nb\t\u0001\\"));

        assertThat(out).hasToString("[\"a\\nb\\t\\u0001\\\\\"]");
    }

    @Test
    void tableShowsRatiosGoalsAndGaps() {
        var bytes = new ByteArrayOutputStream();
        TableOutput.print(report(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table).contains("GET d=4096 P=16", "200,000", "120,000", "0.60x", "1.50x", "ratio >= 0.50 met",
                "LTM load: 1 key", "WARNING: larder failed MSET");
        assertThat(table.lines().filter(l -> l.contains("MSET d=100 P=1")).findFirst().orElseThrow())
                .contains("70,000", " - ");
    }
}
