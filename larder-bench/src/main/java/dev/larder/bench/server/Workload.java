package dev.larder.bench.server;

import java.util.Locale;

/**
 * One cell of the side-by-side grid: a redis-benchmark test ({@code -t}) at a value size
 * ({@code -d}) and a pipeline depth ({@code -P}).
 */
public record Workload(String test, int valueBytes, int pipeline) {

    public String label() {
        return String.format(Locale.ROOT, "%s d=%d P=%d", test.toUpperCase(Locale.ROOT), valueBytes, pipeline);
    }
}
