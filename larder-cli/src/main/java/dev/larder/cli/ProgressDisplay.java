package dev.larder.cli;

import dev.larder.store.Progress;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows store progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise a
 * plain line about once a second (logs and pipes get readable lines, not carriage returns).
 */
final class ProgressDisplay implements Consumer<Progress> {
    private static final long PLAIN_INTERVAL_NS = 1_000_000_000L;
    private static final int STDERR = 2;

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private long lastPlainNs = -PLAIN_INTERVAL_NS; // the first tick prints

    ProgressDisplay(PrintStream out, boolean terminal, int width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
    }

    /** The display for this process's stderr. */
    static ProgressDisplay forStderr() {
        String term = System.getenv("TERM");
        boolean terminal = isTerminal(STDERR) && term != null && !term.equals("dumb");
        return new ProgressDisplay(System.err, terminal, columns());
    }

    @Override
    public synchronized void accept(Progress p) {
        if (terminal) {
            out.print("\r" + bar(p, width) + "\033[K" + (p.finished() ? "\n" : ""));
            out.flush();
        } else if (!p.finished() && p.elapsedNanos() - lastPlainNs >= PLAIN_INTERVAL_NS) {
            lastPlainNs = p.elapsedNanos();
            out.println(p.line());
        }
    }

    /**
     * "restore  42% [########.........]  1,234/3,000 files  75.1/166.0 MB  52.3 MB/s  eta 2s": the
     * bar takes what {@code width} leaves (10 to 30 cells), and the line is cut to fit, because a
     * wrapped line cannot be redrawn in place.
     */
    static String bar(Progress p, int width) {
        long eta = p.etaSeconds();
        String counts = String.format(Locale.ROOT, "%,d/%,d files  %.1f/%.1f MB  %.1f MB/s%s", p.files(), p.totalFiles(),
                p.bytes() / 1e6, p.totalBytes() / 1e6, p.bytesPerSecond() / 1e6,
                p.finished() ? String.format(Locale.ROOT, "  in %.1fs", p.elapsedNanos() / 1e9) : eta >= 0 ? "  eta " + eta + "s" : "");
        String head = String.format(Locale.ROOT, "%s %3d%% ", p.operation(), (int) (p.fraction() * 100));
        int cells = Math.clamp(width - 1 - head.length() - 4 - counts.length(), 10, 30);
        int filled = (int) Math.round(p.fraction() * cells);
        String line = head + "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "]  " + counts;
        return line.length() < width ? line : line.substring(0, width - 1);
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** isatty(3) through the FFM API; false wherever it cannot be asked (no native access, no libc). */
    private static boolean isTerminal(int fd) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
