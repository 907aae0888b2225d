package dev.larder.bench.server;

import java.util.Locale;

/**
 * One row of {@code redis-benchmark --csv}: a test's throughput and latency percentiles.
 * Percentiles are NaN when the redis-benchmark in use does not print them (versions before 6.2
 * print only {@code "test","rps"}).
 *
 * @param test the test as redis-benchmark names it, e.g. {@code SET} or {@code MSET (10 keys)}
 */
public record BenchmarkResult(String test, double rps, double p50Ms, double p99Ms) {

    /** The name {@code -t} takes for this test: the first word, lower case ({@code mset}). */
    public String testId() {
        int space = test.indexOf(' ');
        return (space < 0 ? test : test.substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
