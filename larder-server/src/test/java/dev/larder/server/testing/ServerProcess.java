package dev.larder.server.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Larder server in a child JVM ({@link ServerMain} on this test's class path), for tests that
 * kill, stop and restart it. Its stderr goes to {@code <dir>-<port>.stderr.log} next to the data
 * directory, and {@link #stderrTail} quotes it in failure messages. Only this process is ever
 * signalled, through its own handle.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path stderr;
    private final CountDownLatch ready = new CountDownLatch(1);

    private ServerProcess(Process process, int port, Path stderr) {
        this.process = process;
        this.port = port;
        this.stderr = stderr;
        Thread.ofPlatform().daemon(true).name("server-" + port + "-stdout").start(this::drainStdout);
    }

    /** Starts a server on a free loopback port over {@code dataDir} and waits for it to be ready. */
    public static ServerProcess start(Path dataDir, String maxHeap, String... serverArgs) throws IOException {
        ServerProcess server = launch(RedisServerProcess.freeLoopbackPort(), dataDir, maxHeap, serverArgs);
        try {
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            server.kill9();
            throw e;
        }
    }

    /** Starts the child without waiting: for servers expected to fail at startup. */
    public static ServerProcess launch(int port, Path dataDir, String maxHeap, String... serverArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--port", String.valueOf(port), "--dir", dataDir.toString()));
        command.addAll(List.of(serverArgs));
        Path stderr = dataDir.resolveSibling(dataDir.getFileName() + "-" + port + ".stderr.log");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ServerProcess(process, port, stderr);
    }

    private void drainStdout() {
        // read to EOF so the child never blocks on a full pipe
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("READY " + port)) ready.countDown();
            }
        } catch (IOException closedByKill) {
            // the child is gone; its stderr says why
        }
    }

    private void awaitReady() throws IOException {
        try {
            if (ready.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server on port " + port, e);
        }
        String state = process.isAlive() ? "still running" : "exited with " + process.exitValue();
        throw new IOException("server on port " + port + " printed no READY within " + READY_TIMEOUT.toSeconds()
                + " s (" + state + "); " + stderrTail());
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, so only what reached the OS survives. */
    public void kill9() {
        process.destroyForcibly();
        awaitExitOrFail(STOP_GRACE);
    }

    /** Waits up to {@code timeout} for the child to exit on its own; returns whether it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    private void awaitExitOrFail(Duration timeout) {
        if (!awaitExit(timeout)) throw new IllegalStateException("server pid " + pid() + " did not exit within " + timeout);
    }

    public String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines the child wrote to stderr, labelled, for assertion messages. */
    public String stderrTail() {
        List<String> lines = stderr().lines().toList();
        return "stderr of server pid " + pid() + " (" + stderr + ") ends:\n  "
                + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** SIGTERM (the server syncs and closes in its shutdown hook), SIGKILL after 10 s. Idempotent. */
    public void terminate() {
        if (!process.isAlive()) return;
        process.destroy();
        if (!awaitExit(STOP_GRACE)) kill9();
    }

    /** {@link #terminate}. */
    @Override
    public void close() {
        terminate();
    }
}
