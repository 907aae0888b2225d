package dev.larder.bench.disk;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/*
 * Figures 1 and 3. Per value size and repeat: durable per-op writes (EVERY_WRITE, one fdatasync
 * per put), then buffered writes (putBuffered x N, then one flush(), default BATCH thresholds) and
 * the raw sequential write of the same payload bytes, these two in alternating order from repeat to
 * repeat, so the one that follows the other's writeback is not always the same. Each phase gets a
 * fresh, preallocated file; only the writes are timed (not the file's creation or the cache's open).
 * Interleaving within a repeat means slow drift (host write-back caches, thermal) hits all alike.
 */
final class WriteThroughput {
    private static final double BUFFERED_OVER_DURABLE_TARGET_4K = 50;
    private static final double BUFFERED_OVER_RAW_TARGET = 0.8;

    private final BenchContext ctx;

    WriteThroughput(BenchContext ctx) {
        this.ctx = ctx;
    }

    private record Timed(long elapsedNs, DiskStats stats) {}

    /** Figure 1 and figure 3, measured together. */
    record Sections(Section perOp, Section raw) {}

    Sections run(List<Workload> workloads) throws IOException {
        Section perOp = new Section("writes", "1. durable per-op writes (EVERY_WRITE) vs buffered writes (putBuffered + flush)");
        Section raw = new Section("raw", "3. buffered writes vs raw sequential writes (1 MiB FileChannel writes + one fdatasync)");
        for (Workload w : workloads) measure(w, perOp, raw);
        return new Sections(perOp, raw);
    }

    private void measure(Workload w, Section perOp, Section rawSection) throws IOException {
        int n = ctx.repeats();
        double[] durable = new double[n], buffered = new double[n], raw = new double[n];
        Timed lastDurable = null, lastBuffered = null;
        String preallocation = null;
        for (int r = 0; r < n; r++) {
            ctx.progress().step("writes %s: repeat %d/%d", w.label(), r + 1, n);
            lastDurable = durable(w);
            durable[r] = BenchContext.perSecond(w.durablePuts(), lastDurable.elapsedNs());
            RawSequentialWrite.Result result = r % 2 == 1 ? raw(w) : null;
            lastBuffered = buffered(w);
            buffered[r] = BenchContext.perSecond(w.bufferedPuts(), lastBuffered.elapsedNs());
            if (result == null) result = raw(w);
            raw[r] = BenchContext.megabytesPerSecond(w.bufferedPayloadBytes(), result.elapsedNs());
            preallocation = result.preallocation();
        }
        Figure bufferedMb = addPerOpRows(w, perOp, durable, buffered);
        Figure rawFigure = new Figure("raw." + w.id() + ".MBps", w.label() + ": raw write, same payload bytes", "MB/s", raw);
        rawSection.add(rawFigure, Ratio.of("raw." + w.id() + ".bufferedOverRaw", "buffered/raw", bufferedMb, rawFigure)
                .withTarget(Target.atLeast(BUFFERED_OVER_RAW_TARGET)));
        rawSection.detail(w.label() + " raw", "payloadMiB", w.bufferedPayloadBytes() >> 20, "preallocation", preallocation);
        EngineCounters.writes(perOp, w.label() + " durable, DiskStats of last repeat", lastDurable.stats(), lastDurable.elapsedNs());
        EngineCounters.writes(perOp, w.label() + " buffered, DiskStats of last repeat", lastBuffered.stats(), lastBuffered.elapsedNs());
        EngineCounters.checkNoEviction(ctx.report(), "writes " + w.label() + " durable", lastDurable.stats());
        EngineCounters.checkNoEviction(ctx.report(), "writes " + w.label() + " buffered", lastBuffered.stats());
    }

    /** Adds the per-op rows; returns the buffered MB/s figure, which figure 3 compares against raw. */
    private static Figure addPerOpRows(Workload w, Section section, double[] durable, double[] buffered) {
        String id = "writes." + w.id();
        double mb = w.valueBytes() / 1e6;
        Figure durableOps = new Figure(id + ".durable.opsPerSec",
                w.label() + ": put EVERY_WRITE, 1 thread, N=" + w.durablePuts(), "ops/s", durable);
        Figure bufferedOps = new Figure(id + ".buffered.opsPerSec",
                w.label() + ": putBuffered + flush, N=" + w.bufferedPuts(), "ops/s", buffered);
        Ratio ratio = Ratio.of(id + ".bufferedOverDurable", "buffered/durable", bufferedOps, durableOps);
        if (w.valueBytes() == 4 << 10) ratio = ratio.withTarget(Target.atLeast(BUFFERED_OVER_DURABLE_TARGET_4K));
        Figure bufferedMb = bufferedOps.scaled(id + ".buffered.MBps", w.label() + ": putBuffered + flush", "MB/s", mb);
        section.add(durableOps)
                .add(durableOps.scaled(id + ".durable.MBps", w.label() + ": put EVERY_WRITE", "MB/s", mb))
                .add(bufferedOps, ratio)
                .add(bufferedMb);
        return bufferedMb;
    }

    private Timed durable(Workload w) throws IOException {
        long capacity = CacheSizing.capacityFor(w.durablePuts(), w.valueBytes());
        return timedWrites("durable-" + w.id(), capacity, Durability.EVERY_WRITE, cache -> {
            byte[] value = Keys.value(w.valueBytes());
            for (int i = 0; i < w.durablePuts(); i++) cache.put(Keys.key(1, i), value);
        });
    }

    private Timed buffered(Workload w) throws IOException {
        long capacity = CacheSizing.capacityFor(w.bufferedPuts(), w.valueBytes());
        return timedWrites("buffered-" + w.id(), capacity, Durability.BATCH, cache -> {
            byte[] value = Keys.value(w.valueBytes());
            for (int i = 0; i < w.bufferedPuts(); i++) cache.putBuffered(Keys.key(2, i), value);
            cache.flush();
        });
    }

    private RawSequentialWrite.Result raw(Workload w) throws IOException {
        Path file = ctx.scratch().file("raw-" + w.id());
        try {
            return RawSequentialWrite.run(file, w.bufferedPayloadBytes());
        } finally {
            ctx.scratch().delete(file);
        }
    }

    private Timed timedWrites(String name, long capacityBytes, Durability durability, Consumer<DiskCache> work)
            throws IOException {
        try (ScratchCache scratchCache = ScratchCache.create(ctx.scratch(), name,
                b -> ctx.withBlockSize(b.capacityBytes(capacityBytes).durability(durability)))) {
            long startNs = System.nanoTime();
            work.accept(scratchCache.cache());
            long elapsedNs = System.nanoTime() - startNs;
            return new Timed(elapsedNs, scratchCache.cache().stats());
        }
    }
}
