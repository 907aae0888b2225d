package dev.larder.bench.disk;

import dev.larder.disk.DiskStats;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Figure 2: durable put (Durability.BATCH, default thresholds) from 64 concurrent writer threads
 * vs from one thread. One writer waits for its own batch's fdatasync every put; 64 writers share
 * each sync (group commit), so the ratio is roughly the average batch size the flusher achieves.
 * The concurrent phase is timed from releasing all (already started) threads until the last
 * finishes, so thread start-up is excluded and stragglers are included.
 */
final class GroupCommit {
    private final BenchContext ctx;

    GroupCommit(BenchContext ctx) {
        this.ctx = ctx;
    }

    private record Timed(long elapsedNs, DiskStats stats) {}

    Section run(List<Workload> workloads) throws Exception {
        Section section = new Section("groupCommit",
                "2. group commit: durable put (BATCH) from " + Workload.WRITERS + " threads vs 1 thread");
        for (Workload w : workloads) measure(w, section);
        return section;
    }

    private void measure(Workload w, Section section) throws Exception {
        int n = ctx.repeats();
        double[] single = new double[n], concurrent = new double[n];
        Timed lastSingle = null, lastConcurrent = null;
        for (int r = 0; r < n; r++) {
            ctx.progress().step("group commit %s: repeat %d/%d", w.label(), r + 1, n);
            lastSingle = singleWriter(w);
            single[r] = BenchContext.perSecond(w.singleWriterPuts(), lastSingle.elapsedNs());
            lastConcurrent = concurrentWriters(w);
            concurrent[r] = BenchContext.perSecond(w.concurrentPuts(), lastConcurrent.elapsedNs());
        }
        String id = "groupCommit." + w.id();
        Figure singleFigure = new Figure(id + ".oneThread.opsPerSec",
                w.label() + ": put BATCH, 1 thread, N=" + w.singleWriterPuts(), "ops/s", single);
        Figure concurrentFigure = new Figure(id + ".threads" + Workload.WRITERS + ".opsPerSec",
                w.label() + ": put BATCH, " + Workload.WRITERS + " threads x " + w.putsPerWriter(), "ops/s", concurrent);
        section.add(singleFigure).add(concurrentFigure,
                Ratio.of(id + ".concurrentOverSingle", Workload.WRITERS + "thr/1thr", concurrentFigure, singleFigure));
        EngineCounters.writes(section, w.label() + " 1 thread, DiskStats of last repeat", lastSingle.stats(), lastSingle.elapsedNs());
        EngineCounters.writes(section, w.label() + " " + Workload.WRITERS + " threads, DiskStats of last repeat",
                lastConcurrent.stats(), lastConcurrent.elapsedNs());
        EngineCounters.checkNoEviction(ctx.report(), "group commit " + w.label() + " 1 thread", lastSingle.stats());
        EngineCounters.checkNoEviction(ctx.report(), "group commit " + w.label() + " concurrent", lastConcurrent.stats());
    }

    private Timed singleWriter(Workload w) throws Exception {
        try (ScratchCache opened = open("group-1-" + w.id(), w.singleWriterPuts(), w.valueBytes())) {
            byte[] value = Keys.value(w.valueBytes());
            long startNs = System.nanoTime();
            for (int i = 0; i < w.singleWriterPuts(); i++) opened.cache().put(Keys.key(3, i), value);
            return new Timed(System.nanoTime() - startNs, opened.cache().stats());
        }
    }

    private Timed concurrentWriters(Workload w) throws Exception {
        try (ScratchCache opened = open("group-n-" + w.id(), w.concurrentPuts(), w.valueBytes())) {
            byte[] value = Keys.value(w.valueBytes());
            CountDownLatch ready = new CountDownLatch(Workload.WRITERS);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < Workload.WRITERS; t++) {
                long salt = 1000 + t;
                writers.add(Thread.ofPlatform().name("bench-writer-" + t).start(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        for (int i = 0; i < w.putsPerWriter(); i++) opened.cache().put(Keys.key(salt, i), value);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            ready.await();
            long startNs = System.nanoTime();
            go.countDown();
            for (Thread writer : writers) writer.join();
            long elapsedNs = System.nanoTime() - startNs;
            if (failure.get() != null) throw new IllegalStateException("a writer thread failed", failure.get());
            return new Timed(elapsedNs, opened.cache().stats());
        }
    }

    private ScratchCache open(String name, long records, int valueBytes) throws IOException {
        return ScratchCache.create(ctx.scratch(), name,
                b -> ctx.withBlockSize(b.capacityBytes(CacheSizing.capacityFor(records, valueBytes)).durability(Durability.BATCH)));
    }
}
