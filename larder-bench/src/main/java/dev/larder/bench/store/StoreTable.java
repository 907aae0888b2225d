package dev.larder.bench.store;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The human-readable report: per tree, a row per figure, then larder's speedups and the goals. */
public final class StoreTable {
    private static final String ROW = "  %-36s %-26s %9s %12s %10s %11s %14s%n";

    private StoreTable() {}

    public static void print(List<String> notes, Figure startup, List<TreeReport> trees, PrintStream out) {
        for (String note : notes) out.println(note);
        out.printf(Locale.ROOT, "larder CLI start-up (--version), included in every larder figure: %s%n%n", seconds(startup.medianSeconds()));
        for (TreeReport tree : trees) printTree(tree, startup.medianSeconds(), out);
    }

    private static void printTree(TreeReport tree, double startupSeconds, PrintStream out) {
        out.printf(Locale.ROOT, "tree %s: %,d files, %,d symlinks, %.1f MB%n", tree.name(), tree.files(), tree.symlinks(), tree.bytes() / 1e6);
        out.printf(Locale.ROOT, ROW, "step", "tool", "median", "files/s", "MB/s", "cores busy", "minus start-up");
        String previous = "";
        for (Figure f : tree.figures()) {
            out.printf(Locale.ROOT, ROW, f.step().equals(previous) ? "" : f.step(), f.tool(), seconds(f.medianSeconds()),
                    String.format(Locale.ROOT, "%,.0f", f.filesPerSecond()), String.format(Locale.ROOT, "%,.1f", f.mbPerSecond()),
                    Double.isNaN(f.coresBusy()) ? "" : String.format(Locale.ROOT, "%.2f", f.coresBusy()),
                    f.isLarder() ? seconds(f.withoutStartup(startupSeconds).medianSeconds()) : "");
            previous = f.step();
        }
        out.println("  larder vs peers (peer time / larder time; > 1: larder faster):");
        for (TreeReport.Comparison c : tree.comparisons()) {
            out.printf(Locale.ROOT, "    %-36s vs %-26s %6.2fx%n", c.step(), c.peer(), c.speedup());
        }
        out.println("  goals:");
        for (TreeReport.Goal g : tree.goals()) {
            out.printf(Locale.ROOT, "    %-36s %8.2f %-8s (goal >= %s) %-7s  minus start-up: %.2f%n", g.what(), g.value(),
                    g.unit(), trim(g.target()), g.met() ? "met" : "NOT met", g.valueWithoutStartup());
        }
        out.println();
    }

    static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
