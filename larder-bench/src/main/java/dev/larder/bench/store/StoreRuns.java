package dev.larder.bench.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The five steps on one tree, larder and its peers on the same bytes, each command run once as a
 * warm-up and then {@code repeats} times. Setup between runs (emptying a target, a fresh store) is
 * not timed. Before each run, {@link PageCache} leaves only that run's inputs cached (when
 * permitted), the same for larder and its peers.
 *
 * <p>Steps: (1) snapshot into an empty store vs tar+zstd; (2) snapshot of the unchanged tree, by
 * the CLI and in a resident process ({@link #resident}); (3) restore into an empty dir vs tar -x
 * and cp -a; (4) no-op restore vs rsync, and vs find's lstat of every entry (the floor under any
 * check of each file); (5) 1% of the files changed, snapshot, restore onto the previous target
 * vs rsync. Step 5 edits a different 1%
 * each round, so every round starts from the previous round's state without a reset. Step 3 also
 * times {@code restore --link} against tar -x and {@code cp -al}; its warm-up run makes the
 * store's read-only copies, so the timed runs only link.
 */
public final class StoreRuns {
    static final String SNAPSHOT = "snapshot into an empty store";
    static final String SNAPSHOT_UNCHANGED = "snapshot of the unchanged tree";
    static final String RESTORE = "full restore into an empty dir";
    static final String LINKED = "full restore with --link (hardlinks)";
    static final String NOOP = "no-op restore (nothing changed)";
    static final String CHANGED_SNAPSHOT = "snapshot after 1% of files changed";
    static final String CHANGED = "restore after 1% of files changed";
    private static final String LARDER_SNAPSHOT = "larder snapshot";
    private static final String LARDER_RESTORE = "larder restore";
    /** Not "larder …": its figure pays no CLI start-up, so it gets no "minus start-up" column. */
    static final String RESIDENT = "Java API, resident process";
    /** Snapshots a resident process runs before the timed ones: the JIT has compiled the walk after ~10. */
    static final int RESIDENT_WARMUPS = 10;
    /** "All cores busy during snapshot": CPU time over wall time, as a share of the cores, start-up included. */
    static final double BUSY_CORES = 0.9;

    private final Scratch scratch;
    private final ChildRun child;
    private final LarderCli larder;
    private final int repeats;
    private final boolean sync;
    private final PageCache pageCache;
    private final PrintStream log;
    private String lastStdout = "";
    private double startupSeconds;

    /** Untimed setup before one run; returns the command to time. */
    private interface Prepared {
        List<String> command() throws IOException;
    }

    public StoreRuns(Scratch scratch, ChildRun child, LarderCli larder, int repeats, boolean sync, PageCache pageCache,
                     PrintStream log) {
        this.scratch = scratch;
        this.child = child;
        this.larder = larder;
        this.repeats = repeats;
        this.sync = sync;
        this.pageCache = pageCache;
        this.log = log;
    }

    /** Median wall time of starting the CLI ({@code larder --version}): part of every larder figure. */
    public Figure startup() throws IOException, InterruptedException {
        Figure startup = time("start the CLI", "larder --version", null, List.of(), larder::version);
        startupSeconds = startup.medianSeconds();
        return startup;
    }

    /** The steps on the generated tree of {@code plan}. */
    public TreeReport measure(TreePlan plan) throws IOException, InterruptedException {
        return measure(plan, "writing", src -> new TreeWriter().write(plan, src, scratch::closing));
    }

    /** The steps on a copy of {@code tree} ({@link TreeCopy}), whose plan is {@link TreePlan#scan}'s. */
    public TreeReport measureCopy(TreePlan plan, Path tree) throws IOException, InterruptedException {
        return measure(plan, "copying " + tree + ":", src -> TreeCopy.make(child, tree, src));
    }

    /** Makes the tree to measure at {@code src}, which does not exist yet. */
    private interface TreeSource {
        void make(Path src) throws IOException, InterruptedException;
    }

    private TreeReport measure(TreePlan plan, String making, TreeSource source) throws IOException, InterruptedException {
        String name = plan.shape().name();
        Path base = scratch.fresh(scratch.dir().resolve(name));
        Path src = base.resolve("src");
        log(name, "%s %,d files, %,d bytes", making, plan.fileCount(), plan.totalBytes());
        source.make(src);
        TreeReport report = new TreeReport(name, plan);
        Path store = base.resolve("store");
        String catalog = snapshots(report, plan, src, store);
        Path target = base.resolve("restored");
        Path mirror = base.resolve("rsynced");
        restores(report, plan, src, store, catalog, target, mirror);
        changed(report, plan, src, store, target, mirror);
        scratch.delete(base);
        return report;
    }

    private String snapshots(TreeReport report, TreePlan plan, Path src, Path store) throws IOException, InterruptedException {
        Figure larderFirst = report.add(time(SNAPSHOT, LARDER_SNAPSHOT, plan, List.of(src),
                () -> larder.snapshot(src, scratch.fresh(store), plan.shape().name())));
        String catalog = LarderCli.catalogId(lastStdout);
        double cores = Runtime.getRuntime().availableProcessors();
        report.goal("all cores busy, snapshot into an empty store", larderFirst.coresBusy() / cores,
                larderFirst.coresBusy() / cores, BUSY_CORES, "of cores");
        Path archive = src.resolveSibling("src.tar.zst");
        report.compare(larderFirst, report.add(time(SNAPSHOT, "tar -I 'zstd -T0' -cf", plan, List.of(src),
                () -> PeerTools.tarCreate(src, archive))));
        Figure unchanged = report.add(time(SNAPSHOT_UNCHANGED, LARDER_SNAPSHOT, plan, List.of(src, store),
                () -> larder.snapshot(src, store, plan.shape().name())));
        report.goal("snapshot of an unchanged tree", unchanged.gbPerSecond(),
                unchanged.withoutStartup(startupSeconds).gbPerSecond(), 1, "GB/s");
        Figure resident = report.add(resident(plan, src, store));
        report.goal("unchanged snapshot, resident process", resident.gbPerSecond(), resident.gbPerSecond(), 1, "GB/s");
        return catalog;
    }

    /**
     * The unchanged snapshot in a process that stays up (the Java API, as a build tool or agent
     * embeds it): {@link #RESIDENT_WARMUPS} runs to load and compile the code, then the timed ones.
     */
    private Figure resident(TreePlan plan, Path src, Path store) throws IOException, InterruptedException {
        int timed = Math.max(repeats, 5);
        log(plan.shape().name(), "%s: %s, %d warm-up and %d timed runs in one process", SNAPSHOT_UNCHANGED, RESIDENT,
                RESIDENT_WARMUPS, timed);
        pageCache.reset(child, List.of(src, store));
        ChildRun.Result result = child.run(larder.residentSnapshots(src, store, plan.shape().name(), RESIDENT_WARMUPS + timed));
        List<Long> samples = result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
        if (samples.size() != RESIDENT_WARMUPS + timed) {
            throw new IOException("resident snapshots printed " + samples.size() + " timings, expected " + (RESIDENT_WARMUPS + timed));
        }
        return new Figure(SNAPSHOT_UNCHANGED, RESIDENT, samples.subList(RESIDENT_WARMUPS, samples.size()), plan.fileCount(), plan.totalBytes());
    }

    private void restores(TreeReport report, TreePlan plan, Path src, Path store, String catalog, Path target, Path mirror)
            throws IOException, InterruptedException {
        Figure full = report.add(time(RESTORE, LARDER_RESTORE, plan, List.of(store),
                () -> larder.restore(catalog, scratch.fresh(target), store, sync)));
        TreeCheck.requireSameShape(src, target);
        Path archive = src.resolveSibling("src.tar.zst");
        Path extracted = src.resolveSibling("extracted");
        Figure tar = report.add(time(RESTORE, "tar -I zstd -xf", plan, List.of(archive),
                () -> PeerTools.tarExtract(archive, scratch.fresh(extracted))));
        scratch.delete(extracted);
        report.compare(full, tar);
        report.goal("full restore vs tar -I zstd -xf", full.speedupOver(tar),
                full.withoutStartup(startupSeconds).speedupOver(tar), 2, "x faster");
        Figure copy = report.add(time(RESTORE, "cp -a", plan, List.of(src), () -> {
            scratch.delete(mirror);
            return PeerTools.copy(src, mirror);
        }));
        report.compare(full, copy);
        linkedRestores(report, plan, src, store, catalog, tar);
        Figure noop = report.add(time(NOOP, LARDER_RESTORE, plan, List.of(store, target), () -> larder.restore(catalog, target, store, sync)));
        Figure rsync = report.add(time(NOOP, "rsync -a", plan, List.of(src, mirror), () -> PeerTools.rsync(src, mirror)));
        report.compare(noop, rsync);
        report.compare(noop, report.add(time(NOOP, "find -printf (lstat only)", plan, List.of(target),
                () -> PeerTools.statWalk(target))));
        report.goal("no-op restore vs rsync -a", noop.speedupOver(rsync),
                noop.withoutStartup(startupSeconds).speedupOver(rsync), 10, "x faster");
    }

    private void linkedRestores(TreeReport report, TreePlan plan, Path src, Path store, String catalog, Figure tar)
            throws IOException, InterruptedException {
        Path linkedTarget = src.resolveSibling("linked");
        Path hardlinks = src.resolveSibling("hardlinks");
        Figure linked = report.add(time(LINKED, "larder restore --link", plan, List.of(store),
                () -> larder.restoreLinked(catalog, scratch.fresh(linkedTarget), store, sync)));
        report.compare(linked, tar);
        report.compare(linked, report.add(time(LINKED, "cp -al", plan, List.of(src), () -> {
            scratch.delete(hardlinks);
            return PeerTools.copyLinks(src, hardlinks);
        })));
        report.goal("full restore with --link vs tar -I zstd -xf", linked.speedupOver(tar),
                linked.withoutStartup(startupSeconds).speedupOver(tar), 2, "x faster");
        scratch.delete(linkedTarget);
        scratch.delete(hardlinks);
    }

    /**
     * Round r edits a fresh 1% of src, snapshots it, restores onto target (equal to round r-1) and
     * rsyncs onto mirror (also equal to round r-1). Round 0 is the warm-up.
     */
    private void changed(TreeReport report, TreePlan plan, Path src, Path store, Path target, Path mirror)
            throws IOException, InterruptedException {
        List<Long> snapshots = new ArrayList<>();
        List<Long> restores = new ArrayList<>();
        List<Long> rsyncs = new ArrayList<>();
        TreePlan current = plan;
        for (int round = 0; round <= repeats; round++) {
            TreePlan next = TreeEditor.edit(current, round);
            int changed = TreeEditor.apply(current, next, src).size();
            current = next;
            log(plan.shape().name(), "%s, round %d of %d (%d files changed)", CHANGED, round, repeats, changed);
            pageCache.reset(child, List.of(src, store));
            ChildRun.Result snap = child.run(larder.snapshot(src, store, plan.shape().name()));
            String catalog = LarderCli.catalogId(snap.stdout());
            pageCache.reset(child, List.of(store, target));
            long restore = child.run(larder.restore(catalog, target, store, sync)).nanos();
            pageCache.reset(child, List.of(src, mirror));
            long rsync = child.run(PeerTools.rsync(src, mirror)).nanos();
            if (round == 0) continue;
            snapshots.add(snap.nanos());
            restores.add(restore);
            rsyncs.add(rsync);
        }
        TreeCheck.requireSameShape(src, target);
        report.add(new Figure(CHANGED_SNAPSHOT, LARDER_SNAPSHOT, snapshots, current.fileCount(), current.totalBytes()));
        Figure restore = report.add(new Figure(CHANGED, LARDER_RESTORE, restores, current.fileCount(), current.totalBytes()));
        report.compare(restore, report.add(new Figure(CHANGED, "rsync -a", rsyncs, current.fileCount(), current.totalBytes())));
    }

    /**
     * One warm-up run, then {@code repeats} timed runs, each after its own untimed setup and a
     * page-cache reset that leaves only {@code inputs} cached.
     */
    private Figure time(String step, String tool, TreePlan plan, List<Path> inputs, Prepared prepared)
            throws IOException, InterruptedException {
        List<Long> samples = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int run = 0; run <= repeats; run++) {
            log(plan == null ? "cli" : plan.shape().name(), "%s: %s, %s", step, tool, run == 0 ? "warm-up" : "run " + run + " of " + repeats);
            List<String> command = prepared.command();
            pageCache.reset(child, inputs);
            ChildRun.Result result = child.run(command);
            lastStdout = result.stdout();
            if (run == 0) continue;
            samples.add(result.nanos());
            cpu.add(result.cpuNanos());
        }
        return new Figure(step, tool, samples, cpu, plan == null ? 0 : plan.fileCount(), plan == null ? 0 : plan.totalBytes());
    }

    private void log(String tree, String format, Object... args) {
        log.println("[" + tree + "] " + String.format(Locale.ROOT, format, args));
    }
}
