package dev.larder.bench.server;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undoes what the benchmark set up, newest first, exactly once: at {@link #close()} or, if the
 * JVM is stopped (Ctrl-C), from a single shutdown hook. One hook for everything because the JVM
 * runs separate hooks in no fixed order, and servers must stop before their directories go.
 * Failures are printed, not swallowed, and do not stop the remaining steps.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();
    private final PrintStream err;
    private final Thread hook = new Thread(this::runAll, "larder-bench-server-cleanup");

    public Cleanup(PrintStream err) {
        this.err = err;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers {@code resource} to be closed at cleanup; returns it. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        steps.push(resource);
        return resource;
    }

    /** Closes {@code resource} now, ahead of the rest, and forgets it. */
    public void closeNow(AutoCloseable resource) {
        synchronized (this) {
            if (!steps.remove(resource)) return;
        }
        closeReporting(resource);
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; runAll is idempotent
        }
    }

    private void runAll() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = steps.poll();
            }
            if (next == null) return;
            closeReporting(next);
        }
    }

    private void closeReporting(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            err.println("larder bench server: cleanup step failed: " + e);
        }
    }
}
