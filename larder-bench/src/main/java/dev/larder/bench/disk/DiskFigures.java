package dev.larder.bench.disk;

import dev.larder.disk.DiskCache;
import java.io.IOException;
import java.util.List;

/**
 * Runs the disk benchmark's figures in order (machine notes, a JIT warm-up, figures 1–4 for every
 * value size, figure 5 with {@code --large}) into the context's report.
 */
public final class DiskFigures {
    private static final long SPACE_MARGIN_BYTES = 512L << 20;
    private static final int WARMUP_PUTS = 4096;

    private final BenchContext ctx;
    private final List<Workload> workloads;
    private final boolean quick;
    private final boolean large;

    public DiskFigures(BenchContext ctx, boolean quick, boolean large) {
        this.ctx = ctx;
        this.workloads = Workload.of(quick);
        this.quick = quick;
        this.large = large;
    }

    /** Fails fast, before any measurement, if the largest file of the run does not fit. */
    public void checkSpace() throws IOException {
        if (large) LargeStore.requireSpace(ctx.scratch());
        long largest = 0;
        for (Workload w : workloads) largest = Math.max(largest, largestFileBytes(w));
        ctx.scratch().requireFree(largest + SPACE_MARGIN_BYTES, "the disk benchmark's scratch files");
    }

    public void run() throws Exception {
        MachineNotes.describe(ctx.report(), ctx.scratch());
        ctx.report().setting("mode", quick ? "quick" : "default").setting("large", large)
                .setting("repeats", ctx.repeats());
        warmUpJit();
        WriteThroughput.Sections writes = new WriteThroughput(ctx).run(workloads);
        Section groupCommit = new GroupCommit(ctx).run(workloads);
        Section reads = new NeighbourReads(ctx).run(workloads);
        ctx.report().add(writes.perOp()).add(groupCommit).add(writes.raw()).add(reads); // figure order
        if (large) ctx.report().add(new LargeStore(ctx).run());
    }

    /** Compiles the put, flush and read paths before the first timed phase. */
    private void warmUpJit() throws IOException {
        ctx.progress().step("warming up the JIT");
        byte[] value = Keys.value(4096);
        try (ScratchCache warm = ScratchCache.create(ctx.scratch(), "warmup",
                b -> b.capacityBytes(CacheSizing.capacityFor(WARMUP_PUTS, value.length)))) {
            DiskCache cache = warm.cache();
            for (int i = 0; i < WARMUP_PUTS; i++) cache.putBuffered(Keys.key(9, i), value);
            cache.flush();
            for (int i = 0; i < WARMUP_PUTS; i++) cache.get(Keys.key(9, i));
            for (int b = 0; b < WARMUP_PUTS / Workload.BATCH_KEYS; b++) cache.getAll(Keys.batch(9, b));
        }
    }

    private long largestFileBytes(Workload w) {
        long readRecords = (2L + ctx.repeats() * 2L * w.readBatches()) * Workload.BATCH_KEYS;
        long records = Math.max(readRecords, Math.max(w.bufferedPuts(), w.concurrentPuts()));
        return Math.max(CacheSizing.capacityFor(records, w.valueBytes()), w.bufferedPayloadBytes());
    }
}
