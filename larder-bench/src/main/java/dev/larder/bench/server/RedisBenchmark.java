package dev.larder.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-benchmark} for one workload against one server and parses its CSV:
 *
 * <pre>
 * redis-benchmark -h 127.0.0.1 -p PORT -t TEST -c 50 -n N -d SIZE -P PIPE --csv -r KEYSPACE
 * </pre>
 *
 * One test per invocation, so each test gets its own request count. Output goes through files in
 * {@code workDir} rather than pipes so a run can be bounded by {@link #RUN_TIMEOUT_SECONDS} without
 * reader threads; a run that hangs (a wedged server) fails instead of blocking the benchmark.
 */
public final class RedisBenchmark {
    /** Calibrated runs last seconds; this only catches a hang. */
    static final long RUN_TIMEOUT_SECONDS = 600;
    /** redis-benchmark's default client count, stated explicitly because the report quotes it. */
    public static final int CLIENTS = 50;

    private final String executable;
    private final Path workDir;

    public RedisBenchmark(String executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    public static List<String> command(String executable, int port, Workload workload, long requests, long keyspace) {
        return List.of(executable, "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", workload.test(),
                "-c", String.valueOf(CLIENTS), "-n", String.valueOf(requests), "-d", String.valueOf(workload.valueBytes()),
                "-P", String.valueOf(workload.pipeline()), "--csv", "-r", String.valueOf(keyspace));
    }

    /** @throws IOException if redis-benchmark fails, hangs, or prints no row for the test */
    public BenchmarkResult run(int port, Workload workload, long requests, long keyspace) throws IOException {
        Files.createDirectories(workDir);
        Path stdout = workDir.resolve("redis-benchmark.csv");
        Path stderr = workDir.resolve("redis-benchmark.err");
        List<String> command = command(executable, port, workload, requests, keyspace);
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        int status = await(process, command);
        String csv = Files.readString(stdout);
        List<BenchmarkResult> rows = BenchmarkCsv.parse(csv);
        return rows.stream().filter(r -> r.testId().equals(workload.test())).findFirst()
                .filter(r -> status == 0)
                .orElseThrow(() -> new IOException("redis-benchmark exited with status " + status + " and no "
                        + workload.test() + " row: " + String.join(" ", command) + "\nstdout: " + csv.strip()
                        + "\nstderr: " + readQuietly(stderr)));
    }

    private static int await(Process process, List<String> command) throws IOException {
        try {
            if (process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) return process.exitValue();
            throw new IOException("redis-benchmark did not finish within " + RUN_TIMEOUT_SECONDS + " s: "
                    + String.join(" ", command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while redis-benchmark ran", e);
        } finally {
            if (process.isAlive()) process.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
