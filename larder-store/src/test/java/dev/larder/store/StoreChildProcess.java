package dev.larder.store;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link StoreChild} running in its own JVM, started with this JVM's class path, and the
 * lines it printed. Only this handle's process is ever killed ({@link Process#destroyForcibly}
 * is SIGKILL on Linux: no shutdown hooks, no finally blocks, like a crash).
 */
final class StoreChildProcess implements AutoCloseable {
    /** Bound on any single wait for a child; generous because 2 shared cores may be busy. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(60);
    /** Exit status the JDK reports for a process ended by signal 9 (128 + 9). */
    private static final int SIGKILL_EXIT = 137;

    private final Process process;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();

    private StoreChildProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("store-child-" + process.pid()).start(this::drain);
    }

    /** Starts the child and waits until it has opened the store ("ready"). */
    static StoreChildProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** As {@link #start(String...)}, with the process's umask set to {@code umask} (octal) first. */
    static StoreChildProcess startWithUmask(String umask, String... args) throws IOException {
        return start(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"), args);
    }

    /**
     * As {@link #start(String...)}, with the process's file-size limit set to {@code bytes}
     * (prlimit(1)): every write past that offset in any file fails with EFBIG, as a full disk's
     * would with ENOSPC (the JVM ignores the SIGXFSZ that comes with it).
     */
    static StoreChildProcess startWithFileSizeLimit(long bytes, String... args) throws IOException {
        return start(List.of("/usr/bin/prlimit", "--fsize=" + bytes, "--"), args);
    }

    private static StoreChildProcess start(List<String> wrapper, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StoreChild.class.getName()));
        cmd.addAll(List.of(args));
        StoreChildProcess child = new StoreChildProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        child.awaitLine("ready");
        return child;
    }

    /** Releases the child past its start barrier and waits until the operation has begun. */
    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        awaitLine("begin");
    }

    /**
     * Polls {@code when} every millisecond and SIGKILLs the child once it holds (or at once if
     * it never does within the wait limit). Returns true if the child was still running, i.e.
     * the kill really interrupted the operation.
     */
    boolean killWhen(BooleanSupplier when) throws InterruptedException {
        long deadlineNs = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (process.isAlive() && !when.getAsBoolean() && System.nanoTime() < deadlineNs) Thread.sleep(1);
        process.destroyForcibly();
        return process.waitFor() == SIGKILL_EXIT;
    }

    /** Waits for a normal exit; returns the {@code done} summary, failing with the transcript otherwise. */
    String awaitDone() throws InterruptedException {
        if (!process.waitFor(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("child did not finish within " + WAIT_LIMIT + ": " + transcript());
        }
        String done = awaitLine("done");
        if (process.exitValue() != 0) fail("child exited with " + process.exitValue() + ": " + transcript());
        return done.substring("done ".length());
    }

    /** Waits for the child to fail as {@link StoreChild} does (exit 2); returns its {@code error} line. */
    String awaitFailure() throws InterruptedException {
        if (!process.waitFor(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("child did not finish within " + WAIT_LIMIT + ": " + transcript());
        }
        if (process.exitValue() != 2) fail("child exited with " + process.exitValue() + ", not 2: " + transcript());
        return awaitLine("error");
    }

    List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    private String awaitLine(String prefix) {
        long deadlineNs = System.nanoTime() + WAIT_LIMIT.toNanos();
        try {
            for (String line; (line = pending.poll(Math.max(1, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                if (line.startsWith(prefix)) return line;
                if (line.startsWith("error") || line.equals("<eof>")) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail("child never printed '" + prefix + "': " + transcript());
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) record(line);
        } catch (IOException e) {
            record("error reading child output: " + e);
        }
        record("<eof>");
    }

    private void record(String line) {
        synchronized (transcript) {
            transcript.add(line);
        }
        pending.add(line);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the kill is sent; only the wait for it was cut short
        }
    }
}
