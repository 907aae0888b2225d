package dev.larder.bench;

import dev.larder.bench.store.ChildRun;
import dev.larder.bench.store.Figure;
import dev.larder.bench.store.LarderCli;
import dev.larder.bench.store.PageCache;
import dev.larder.bench.store.PeerTools;
import dev.larder.bench.store.Scratch;
import dev.larder.bench.store.StoreJson;
import dev.larder.bench.store.StoreRuns;
import dev.larder.bench.store.StoreTable;
import dev.larder.bench.store.TreePlan;
import dev.larder.bench.store.TreeReport;
import dev.larder.bench.store.TreeShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code larder bench store}: the content store ({@code larder snapshot} / {@code larder restore})
 * beside {@code tar -I zstd}, {@code cp -a} and {@code rsync -a}, on the same generated trees in
 * one run: a "deps" tree shaped like {@code node_modules} (30,000 files by default) and a "large"
 * tree of 4 x 256 MiB, or instead a copy of an existing tree ({@code --tree DIR}, which is only
 * read; see {@link TreePlan#scan}). Steps and peers are listed in {@link StoreRuns}. Each figure
 * is the median wall time of {@code repeats} runs after one warm-up run; larder runs as a child
 * process (this JVM's class path, or {@code --larder-cmd}), so its figures include JVM start-up,
 * which the report gives on its own line. Before each run the page cache is dropped and the run's inputs
 * read back in ({@link PageCache}; needs root, else every run is warm), for larder and peers alike,
 * so no run pays for what an earlier one left behind. Restores pass {@code --no-sync} unless
 * {@code --sync}, since tar, cp and rsync do not fsync either.
 *
 * <p>Run: {@code ./larder bench store [--quick] [--json] [--repeats N] [--files N] [--dir PATH]
 * [--tree DIR] [--larder-cmd PATH] [--sync] [--no-drop-caches]}. {@code --quick} (3,000 files, 4 x 16 MiB) takes about a minute.
 *
 * <p>Exit codes: 0 success; 1 a step failed; 2 it could not run (missing tar, zstd or rsync, no
 * {@code snapshot} command in this larder, no scratch directory, a {@code --tree} that is not a
 * directory, holds no files, or holds what a snapshot cannot keep).
 */
public final class StoreBench {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int CANNOT_RUN = 2;
    private static final int DEFAULT_FILES = 30_000;
    private static final int QUICK_FILES = 3_000;

    /**
     * @param dir parent of the scratch directory; null for the system temp dir
     * @param repeats measured runs per figure; 0 or less for the default, 3
     * @param files files in the "deps" tree; 0 or less for 30,000 (3,000 with {@code quick})
     * @param larderCmd executable taking larder's arguments; null to run this JVM's class path
     * @param sync let restores fsync (no {@code --no-sync})
     * @param dropCaches reset the page cache before each run where permitted
     * @param tree an existing tree to measure a copy of, instead of the generated ones; null for those
     */
    public record Options(boolean quick, boolean json, Path dir, int repeats, int files, Path larderCmd, boolean sync,
                          boolean dropCaches, Path tree) {
        int effectiveRepeats() {
            return repeats > 0 ? repeats : 3;
        }

        int effectiveFiles() {
            return files > 0 ? files : quick ? QUICK_FILES : DEFAULT_FILES;
        }
    }

    /** The tree of {@code --tree}: its real path and its plan. */
    private record GivenTree(Path dir, TreePlan plan) {}

    private StoreBench() {}

    /** Runs the benchmark; returns an exit code ({@link #OK}, {@link #FAILED}, {@link #CANNOT_RUN}). */
    public static int run(Options options, PrintStream out, PrintStream err) {
        String missing = cannotRun(options);
        if (missing != null) {
            err.println("larder bench store: " + missing);
            return CANNOT_RUN;
        }
        GivenTree given;
        try {
            given = options.tree() == null ? null : given(options);
        } catch (IOException e) {
            err.println("larder bench store: --tree " + options.tree() + ": " + e.getMessage());
            return CANNOT_RUN;
        }
        try (Scratch scratch = Scratch.create(options.dir(), err)) {
            ChildRun child = new ChildRun(scratch.dir().resolve("child-stderr.log"));
            scratch.stopFirst(child);
            return measure(options, given, scratch, child, out, err);
        } catch (IOException e) {
            err.println("larder bench store: cannot create a scratch directory in "
                    + (options.dir() != null ? options.dir() : "the system temp dir") + ": " + e);
            return CANNOT_RUN;
        }
    }

    private static int measure(Options options, GivenTree given, Scratch scratch, ChildRun child, PrintStream out,
                               PrintStream err) {
        long start = System.nanoTime();
        LarderCli larder = new LarderCli(options.larderCmd());
        try {
            if (!hasStoreCommands(child, larder)) {
                err.println("larder bench store: this larder has no working 'snapshot' command (is the content store built?)");
                return CANNOT_RUN;
            }
            PageCache pageCache = PageCache.create(options.dropCaches(), err);
            var runs = new StoreRuns(scratch, child, larder, options.effectiveRepeats(), options.sync(), pageCache, err);
            Figure startup = runs.startup();
            List<TreeReport> trees = new ArrayList<>();
            if (given != null) {
                trees.add(runs.measureCopy(given.plan(), given.dir()));
            } else {
                trees.add(runs.measure(TreePlan.of(TreeShape.deps(options.effectiveFiles()))));
                trees.add(runs.measure(TreePlan.of(TreeShape.large(options.quick()))));
            }
            Map<String, Object> settings = settings(options, given, pageCache, (System.nanoTime() - start) / 1e9);
            if (options.json()) out.println(StoreJson.render(settings, startup, trees));
            else StoreTable.print(notes(settings), startup, trees, out);
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("larder bench store: interrupted");
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.printf(Locale.ROOT, "larder bench store: failed after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, e.getMessage());
            if (e instanceof RuntimeException) e.printStackTrace(err);
            return FAILED;
        }
    }

    private static boolean hasStoreCommands(ChildRun child, LarderCli larder) throws InterruptedException {
        try {
            child.run(larder.help("snapshot"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Object> settings(Options options, GivenTree given, PageCache pageCache, double elapsedSeconds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mode", options.quick() ? "quick" : "full");
        if (given != null) settings.put("tree", given.dir().toString());
        settings.put("repeats", options.effectiveRepeats());
        settings.put("restoreSync", options.sync());
        settings.put("pageCache", pageCache.enabled() ? "dropped before each run, then the run's inputs read back" : "warm (nothing dropped)");
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        settings.put("jvm", Runtime.version().toString());
        settings.put("elapsedSeconds", Math.round(elapsedSeconds * 10) / 10.0);
        return settings;
    }

    private static List<String> notes(Map<String, Object> settings) {
        List<String> notes = new ArrayList<>();
        settings.forEach((k, v) -> notes.add(k + ": " + v));
        notes.add("figures: median wall time after one warm-up run; rates over the whole tree; MB = 10^6 bytes");
        return notes;
    }

    /** Why the benchmark cannot start, or null. */
    static String cannotRun(Options options) {
        if (options.tree() != null) {
            if (options.quick() || options.files() > 0) {
                return "--tree measures the given tree only; --files and --quick shape the generated trees, so they do not go with it";
            }
            if (!Files.isDirectory(options.tree())) {
                return "--tree " + options.tree() + (Files.exists(options.tree()) ? " is not a directory" : ": no such directory");
            }
        }
        List<String> missing = PeerTools.missing();
        if (!missing.isEmpty()) {
            return "missing " + String.join(", ", missing) + " on PATH; install the Debian packages of the same names"
                    + " (apt-get install " + String.join(" ", missing) + ")";
        }
        if (options.larderCmd() != null && !Files.isExecutable(options.larderCmd())) {
            return "--larder-cmd " + options.larderCmd() + " is not an executable file";
        }
        return null;
    }

    /** Scans {@code --tree}; throws saying why it cannot be measured. */
    private static GivenTree given(Options options) throws IOException {
        Path dir = options.tree().toRealPath();
        Path scratch = Scratch.parent(options.dir()).toAbsolutePath().normalize();
        if ((Files.exists(scratch) ? scratch.toRealPath() : scratch).startsWith(dir)) {
            throw new IOException("the scratch directory would be inside the tree, which is only read; give --dir outside it");
        }
        Path name = dir.getFileName();
        TreePlan plan = TreePlan.scan(dir, name == null ? "tree" : name.toString());
        if (plan.fileCount() == 0) throw new IOException("holds no regular files: nothing to snapshot");
        return new GivenTree(dir, plan);
    }
}
