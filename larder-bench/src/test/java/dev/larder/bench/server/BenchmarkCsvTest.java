package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkCsvTest {
    /** Verbatim from redis-benchmark 7.0.15 {@code -t set,get,mset,incr --csv}. */
    private static final String REDIS_7_0 = """
            "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            "SET","168067.22","0.195","0.056","0.183","0.311","0.415","1.111"
            "GET","158730.16","0.172","0.048","0.167","0.215","0.295","1.391"
            "INCR","161290.33","0.173","0.048","0.167","0.231","0.391","0.639"
            "MSET (10 keys)","77519.38","0.586","0.120","0.551","1.023","1.359","2.767"
            """;

    @Test
    void parsesEveryRowOfRedis7Output() {
        List<BenchmarkResult> rows = BenchmarkCsv.parse(REDIS_7_0);

        assertThat(rows).extracting(BenchmarkResult::testId).containsExactly("set", "get", "incr", "mset");
        assertThat(rows.getFirst()).isEqualTo(new BenchmarkResult("SET", 168067.22, 0.183, 0.415));
        assertThat(rows.get(3).test()).isEqualTo("MSET (10 keys)");
        assertThat(rows.get(3).p99Ms()).isEqualTo(1.359);
    }

    @Test
    void findsColumnsByHeaderNameNotPosition() {
        String reordered = """
                "p99_latency_ms","test","p50_latency_ms","rps"
                "2.5","GET","1.5","1000"
                """;

        assertThat(BenchmarkCsv.parse(reordered)).containsExactly(new BenchmarkResult("GET", 1000, 1.5, 2.5));
    }

    @Test
    void olderOutputWithoutHeaderGivesThroughputAndNaNPercentiles() {
        List<BenchmarkResult> rows = BenchmarkCsv.parse("\"SET\",\"12345.67\"\r\n\"GET\",\"2000.00\"\r\n");

        assertThat(rows).extracting(BenchmarkResult::rps).containsExactly(12345.67, 2000.0);
        assertThat(rows.getFirst().p99Ms()).isNaN();
    }

    @Test
    void emptyOutputHasNoRows() {
        assertThat(BenchmarkCsv.parse("")).isEmpty();
        assertThat(BenchmarkCsv.parse("\n\n")).isEmpty();
    }

    @Test
    void headerOnlyHasNoRows() {
        assertThat(BenchmarkCsv.parse(REDIS_7_0.lines().findFirst().orElseThrow())).isEmpty();
    }

    @Test
    void malformedRowIsAnErrorQuotingTheRow() {
        String csv = "\"test\",\"rps\",\"p50_latency_ms\",\"p99_latency_ms\"\n\"SET\",\"fast\",\"1\",\"2\"\n";

        assertThatThrownBy(() -> BenchmarkCsv.parse(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"SET\",\"fast\"");
    }

    @Test
    void shortRowIsAnError() {
        String csv = "\"test\",\"rps\",\"p50_latency_ms\",\"p99_latency_ms\"\n\"SET\",\"1\"\n";

        assertThatThrownBy(() -> BenchmarkCsv.parse(csv)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerWithoutRpsIsAnError() {
        assertThatThrownBy(() -> BenchmarkCsv.parse("\"test\",\"speed\"\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rps");
    }

    @Test
    void splitsQuotedFieldsWithCommasAndEscapedQuotes() {
        assertThat(BenchmarkCsv.fields("\"a,b\",\"say \"\"hi\"\"\",3")).containsExactly("a,b", "say \"hi\"", "3");
        assertThat(BenchmarkCsv.fields("")).containsExactly("");
    }
}
