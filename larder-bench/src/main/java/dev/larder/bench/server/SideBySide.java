package dev.larder.bench.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The side-by-side grid: every {@link Workload} against Redis and Larder, alternating servers run
 * by run so drift on a shared machine (other load, thermal) hits both alike.
 *
 * <ol>
 *   <li>Warm-up: SET, GET and INCR with a 16-deep pipeline on both servers, results discarded.
 *   <li>Calibration: each workload once per server with a small request count. It warms both
 *       servers (Larder's JIT) and measures the rates that size the real runs ({@link RequestSizing}).
 *   <li>{@code repeats} rounds; in each, every workload runs on Redis, then on Larder.
 * </ol>
 *
 * A run that fails while its server stays up (an unsupported command: redis-benchmark 7 exits on
 * the first error reply) becomes a warning and a gap in the table, and that workload is not run on
 * that server again; a server that dies fails the benchmark.
 */
final class SideBySide {
    static final List<String> TESTS = List.of("set", "get", "mset", "incr");
    static final List<Integer> VALUE_SIZES = List.of(100, 4096);
    static final List<Integer> PIPELINES = List.of(1, 16);
    /** {@code -r}: keys drawn from key:000000000000..key:000000099999 (400 MB at 4 KiB, in memory for both). */
    static final long KEYSPACE = 100_000;

    record Result(List<Comparison> comparisons, List<String> warnings) {}

    private final RedisBenchmark bench;
    private final ServerProcess redis;
    private final ServerProcess larder;
    private final RequestSizing sizing;
    private final long fixedRequests;
    private final int repeats;
    private final ProgressLog log;
    private final List<String> warnings = new ArrayList<>();
    /** Workloads a server failed once; not run on it again (redis-benchmark would fail the same way). */
    private final Map<ServerProcess, Set<Workload>> failed = new HashMap<>();

    /** @param fixedRequests {@code -n} for every run; 0 to size each workload from calibration */
    SideBySide(RedisBenchmark bench, ServerProcess redis, ServerProcess larder, RequestSizing sizing,
            long fixedRequests, int repeats, ProgressLog log) {
        this.bench = bench;
        this.redis = redis;
        this.larder = larder;
        this.sizing = sizing;
        this.fixedRequests = fixedRequests;
        this.repeats = repeats;
        this.log = log;
    }

    static List<Workload> grid() {
        List<Workload> grid = new ArrayList<>();
        for (int size : VALUE_SIZES) {
            for (int pipeline : PIPELINES) {
                for (String test : TESTS) grid.add(new Workload(test, size, pipeline));
            }
        }
        return grid;
    }

    Result run() throws IOException {
        Map<Workload, Long> requests = calibrate();
        Map<Workload, List<BenchmarkResult>> redisRuns = new LinkedHashMap<>();
        Map<Workload, List<BenchmarkResult>> larderRuns = new LinkedHashMap<>();
        for (int round = 1; round <= repeats; round++) {
            log.step("round %d of %d", round, repeats);
            for (var entry : requests.entrySet()) {
                Workload w = entry.getKey();
                measure(redis, w, entry.getValue()).ifPresent(r -> redisRuns.computeIfAbsent(w, k -> new ArrayList<>()).add(r));
                measure(larder, w, entry.getValue()).ifPresent(r -> larderRuns.computeIfAbsent(w, k -> new ArrayList<>()).add(r));
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        requests.forEach((w, n) -> comparisons.add(new Comparison(w,
                Medians.of(redisRuns.getOrDefault(w, List.of()), n), Medians.of(larderRuns.getOrDefault(w, List.of()), n))));
        return new Result(comparisons, List.copyOf(warnings));
    }

    private Map<Workload, Long> calibrate() throws IOException {
        log.step("warming up: SET, GET, INCR x 2 servers, %,d requests each", sizing.warmUpRequests());
        for (String test : List.of("set", "get", "incr")) {
            Workload w = new Workload(test, VALUE_SIZES.getFirst(), PIPELINES.getLast());
            measure(redis, w, sizing.warmUpRequests());
            measure(larder, w, sizing.warmUpRequests());
        }
        log.step("calibrating: %d workloads x 2 servers, %,d requests each", grid().size(),
                sizing.calibrationRequests());
        Map<Workload, Long> requests = new LinkedHashMap<>();
        for (Workload w : grid()) {
            double redisRps = calibratedRate(redis, w);
            double larderRps = calibratedRate(larder, w);
            requests.put(w, fixedRequests > 0 ? fixedRequests : sized(redisRps, larderRps));
        }
        return requests;
    }

    /** The server's rate on {@code w} per {@link RequestSizing}'s calibration; NaN if it failed. */
    private double calibratedRate(ServerProcess server, Workload w) throws IOException {
        double rps = measure(server, w, sizing.calibrationRequests()).map(BenchmarkResult::rps).orElse(Double.NaN);
        long again = sizing.recalibrationRequests(rps);
        return again == 0 ? rps : measure(server, w, again).map(BenchmarkResult::rps).orElse(Double.NaN);
    }

    private long sized(double redisRps, double larderRps) {
        if (Double.isNaN(redisRps)) return sizing.requests(larderRps);
        if (Double.isNaN(larderRps)) return sizing.requests(redisRps);
        return sizing.requests(redisRps, larderRps);
    }

    private Optional<BenchmarkResult> measure(ServerProcess server, Workload w, long requests) throws IOException {
        Set<Workload> failedHere = failed.computeIfAbsent(server, s -> new HashSet<>());
        if (failedHere.contains(w)) return Optional.empty();
        try {
            BenchmarkResult result = bench.run(server.port(), w, requests, KEYSPACE);
            log.step("%-6s %-18s n=%,9d %,12.0f ops/s  p50 %.3f ms  p99 %.3f ms", server.name(), w.label(), requests,
                    result.rps(), result.p50Ms(), result.p99Ms());
            return Optional.of(result);
        } catch (IOException e) {
            if (!server.isAlive()) throw new IOException(server.name() + " died during " + w.label() + ": " + e, e);
            String warning = server.name() + " failed " + w.label() + ": " + firstLines(e.getMessage());
            log.step("%s", warning);
            warnings.add(warning);
            failedHere.add(w);
            return Optional.empty();
        }
    }

    private static String firstLines(String message) {
        return message == null ? "" : message.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
    }
}
