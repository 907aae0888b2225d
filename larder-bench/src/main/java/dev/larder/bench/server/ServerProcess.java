package dev.larder.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test running as a child process: started on a loopback port, ready once it
 * answers PING with PONG ({@code -LOADING} while Redis loads its dump counts as not yet), stopped
 * by its own {@link Process} handle (SIGTERM, then SIGKILL after a grace period) or by a SHUTDOWN
 * it is sent ({@link #awaitExit}). Output goes to {@code <dir>/server.log}, quoted when the server
 * fails to start or stop.
 */
public final class ServerProcess implements AutoCloseable {
    /** Long enough for a Larder that flushes gigabytes on SIGTERM (it stops like SHUTDOWN SAVE). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    /** PING retry interval: cheap (a refused loopback connect), and the resolution of {@link #secondsToReady}. */
    private static final long POLL_MS = 5;

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> command;
    private final long startNs;
    private long readyNs;

    private ServerProcess(String name, Process process, int port, Path log, List<String> command, long startNs) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.command = command;
        this.startNs = startNs;
    }

    /**
     * Starts {@code command} with working directory {@code dir} and waits until the server on
     * {@code port} answers PING with PONG. On failure the process is stopped and the exception quotes its log.
     */
    public static ServerProcess start(String name, List<String> command, int port, Path dir, Duration readyTimeout)
            throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("server.log");
        long startNs = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(name, process, port, log, List.copyOf(command), startNs);
        try {
            server.awaitPong(readyTimeout);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A loopback port nobody listens on right now (another process could still take it first). */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Wall time from just before the process was started until it first answered PING with PONG. */
    public double secondsToReady() {
        return (readyNs - startNs) / 1e9;
    }

    /**
     * Waits for the server to exit on its own (after SHUTDOWN); returns its exit status.
     *
     * @throws IOException quoting its log, if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws IOException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name + " to exit", e);
        }
        throw new IOException(name + " was still running " + timeout.toSeconds() + " s after SHUTDOWN; " + logTail());
    }

    private void awaitPong(Duration timeout) throws IOException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadlineNs) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + " before answering PING; "
                        + logTail());
            }
            try (RespConnection connection = RespConnection.open(port, 1000)) {
                Object reply = connection.call("PING");
                if ("PONG".equals(reply)) {
                    readyNs = System.nanoTime();
                    return;
                }
                throw new IOException(name + " answered PING with " + reply + " instead of PONG");
            } catch (RespConnection.ErrorReply e) {
                if (!e.getMessage().startsWith("LOADING")) {
                    throw new IOException(name + " answered PING with an error: " + e.getMessage(), e);
                }
                last = e; // Redis is still loading its dump
                sleepMs(POLL_MS);
            } catch (IOException notListeningYet) {
                last = notListeningYet;
                sleepMs(POLL_MS);
            }
        }
        throw new IOException(name + " did not answer PING on 127.0.0.1:" + port + " within " + timeout.toSeconds()
                + " s (last attempt: " + last + "); " + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20),
                    lines.size()));
        } catch (IOException e) {
            return "its log " + log + " is unreadable: " + e;
        }
    }

    /**
     * Stops the server and anything it started (a wrapper script's JVM, say): SIGTERM, then
     * SIGKILL for whatever is still alive after the grace period. Idempotent.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly();
            for (ProcessHandle child : children) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forceStop(children);
        } catch (Exception timedOut) {
            forceStop(children);
        }
    }

    private void forceStop(List<ProcessHandle> children) {
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
