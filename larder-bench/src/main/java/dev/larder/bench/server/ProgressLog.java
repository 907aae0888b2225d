package dev.larder.bench.server;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr (stdout carries only the report), stamped with seconds since start. */
public final class ProgressLog {
    private final PrintStream err;
    private final long startNs = System.nanoTime();

    public ProgressLog(PrintStream err) {
        this.err = err;
    }

    public void step(String format, Object... args) {
        err.printf(Locale.ROOT, "[server %6.1fs] %s%n", seconds(), String.format(Locale.ROOT, format, args));
    }

    public double seconds() {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
