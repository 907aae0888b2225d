package dev.larder.bench.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion and times it by wall clock, from start to exit, and by the CPU
 * time (user and system) it and its descendants used ({@link ChildCpu}). Stdout is kept (the
 * larder CLI prints its catalog id there); stderr goes to a file and its tail is quoted if the
 * command fails. The running child is destroyed on {@link #close()}, which the benchmark's cleanup
 * calls on Ctrl-C, so no child outlives the benchmark.
 */
public final class ChildRun implements AutoCloseable {
    /** No single step of the benchmark should take this long; past it the child is killed. Default: 30 min. */
    static final long TIMEOUT_SECONDS = 30 * 60;
    /** How long close() waits for killed processes to exit. Default: 5 s, far above a SIGKILL's latency. */
    private static final long KILL_WAIT_SECONDS = 5;
    private static final int STDERR_TAIL_CHARS = 2_000;
    private final Path stderrFile;
    private volatile Process current;
    private volatile boolean closed;

    /** @param stderrFile where each child's stderr goes (overwritten per run) */
    public ChildRun(Path stderrFile) {
        this.stderrFile = stderrFile;
    }

    /** The result of one run: wall time, CPU time, and everything the command printed on stdout. */
    public record Result(long nanos, long cpuNanos, String stdout) {}

    public Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(stderrFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long start;
        long cpuBefore = ChildCpu.reapedNanos();
        Process process;
        synchronized (this) { // pairs with close(): a child is either never started or seen and killed
            if (closed) throw new IOException("stopped before running: " + String.join(" ", command));
            start = System.nanoTime();
            process = builder.start();
            current = process;
        }
        try {
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            long nanos = System.nanoTime() - start;
            if (process.exitValue() != 0) throw failure(command, process.exitValue());
            return new Result(nanos, ChildCpu.reapedNanos() - cpuBefore, stdout);
        } finally {
            if (process.isAlive()) killTree(process);
            current = null;
        }
    }

    /** Kills the running child and its descendants (a script's cp would go on writing), waiting briefly for them. */
    @Override
    public void close() throws InterruptedException {
        Process process;
        synchronized (this) {
            closed = true;
            process = current;
        }
        if (process != null) killTree(process);
    }

    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // reported by the directory delete that follows, if it matters
            }
        }
    }

    private IOException failure(List<String> command, int exit) throws IOException {
        String err = Files.exists(stderrFile) ? Files.readString(stderrFile, StandardCharsets.UTF_8) : "";
        if (err.length() > STDERR_TAIL_CHARS) err = "..." + err.substring(err.length() - STDERR_TAIL_CHARS);
        return new IOException("exit " + exit + " from: " + String.join(" ", command) + (err.isBlank() ? "" : "\n" + err.strip()));
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
