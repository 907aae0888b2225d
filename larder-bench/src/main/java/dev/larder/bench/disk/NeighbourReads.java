package dev.larder.bench.disk;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/*
 * Figure 4: getAll of 100 neighbouring keys vs 100 single get()s of such keys, cold and warm.
 *
 * One file per value size holds consecutive batches of 100 keys (written with putBuffered in key
 * order, so each batch is contiguous on disk). Batches 0-1 only warm up the JIT.
 *  - cold: the file reopened with directIo(true) — O_DIRECT, so no read is served by the page
 *    cache (mapped reads are off with O_DIRECT). Every repeat reads batches never read before,
 *    getAll and singles alternating on different batches, so a device-side cache cannot favour
 *    either.
 *  - warm: reopened with default settings (mapped reads); recovery and one pass over the batches
 *    leave them in the page cache and mapped; then getAll and singles read the same batches,
 *    three passes per repeat.
 * Per-batch latency is the mean over the repeat's batches; the order of the two approaches
 * alternates from batch to batch. DiskStats snapshots around each timed call count device reads.
 */
final class NeighbourReads {
    private static final int WARMUP_BATCHES = 2;
    private static final int WARM_PASSES = 3; // warm reads are cheap; more of them damp GC and heap-growth outliers

    private final BenchContext ctx;

    NeighbourReads(BenchContext ctx) {
        this.ctx = ctx;
    }

    Section run(List<Workload> workloads) throws IOException {
        Section section = new Section("neighbourReads",
                "4. getAll of " + Workload.BATCH_KEYS + " neighbouring keys vs " + Workload.BATCH_KEYS
                        + " single get()s (latency per batch of " + Workload.BATCH_KEYS + ")");
        for (Workload w : workloads) measure(w, section);
        return section;
    }

    private void measure(Workload w, Section section) throws IOException {
        int totalBatches = WARMUP_BATCHES + ctx.repeats() * 2 * w.readBatches();
        Path file = ctx.scratch().file("reads-" + w.id());
        try {
            ctx.progress().step("neighbour reads %s: writing %d batches", w.label(), totalBatches);
            write(file, w, totalBatches);
            ReadTally[] cold = readCold(file, w);
            ReadTally[] warm = readWarm(file, w);
            addRows(w, section, "cold (O_DIRECT)", "cold", cold);
            addRows(w, section, "warm (mmap)", "warm", warm);
        } finally {
            ctx.scratch().delete(file);
        }
    }

    private void write(Path file, Workload w, int batches) throws IOException {
        long capacity = CacheSizing.capacityFor((long) batches * Workload.BATCH_KEYS, w.valueBytes());
        try (DiskCache cache = DiskCache.builder(file).capacityBytes(capacity).open()) {
            byte[] value = Keys.value(w.valueBytes());
            for (int b = 0; b < batches; b++) for (byte[] key : Keys.batch(salt(w), b)) cache.putBuffered(key, value);
            cache.flush();
            EngineCounters.checkNoEviction(ctx.report(), "neighbour reads " + w.label() + " write", cache.stats());
        }
    }

    /** [0] = getAll, [1] = singles; each repeat reads 2 x readBatches batches never read before. */
    private ReadTally[] readCold(Path file, Workload w) throws IOException {
        ReadTally[] tallies = {new ReadTally(ctx.repeats(), w.readBatches()), new ReadTally(ctx.repeats(), w.readBatches())};
        try (DiskCache cache = DiskCache.builder(file).directIo(true).open()) {
            warmUpJit(cache, w);
            for (int r = 0; r < ctx.repeats(); r++) {
                ctx.progress().step("neighbour reads %s: cold repeat %d/%d", w.label(), r + 1, ctx.repeats());
                for (int i = 0; i < w.readBatches(); i++) {
                    int first = WARMUP_BATCHES + 2 * (r * w.readBatches() + i);
                    readPair(cache, w, tallies, r, i, first, first + 1);
                }
            }
        }
        return tallies;
    }

    /**
     * Both approaches read the same batches, already in the page cache and already read once
     * through this mapping (no page faults left), {@link #WARM_PASSES} times per repeat.
     */
    private ReadTally[] readWarm(Path file, Workload w) throws IOException {
        int perRepeat = w.readBatches() * WARM_PASSES;
        ReadTally[] tallies = {new ReadTally(ctx.repeats(), perRepeat), new ReadTally(ctx.repeats(), perRepeat)};
        try (DiskCache cache = DiskCache.builder(file).open()) {
            warmUpJit(cache, w);
            for (int i = 0; i < w.readBatches(); i++) {
                for (byte[] key : Keys.batch(salt(w), WARMUP_BATCHES + i)) cache.get(key);
            }
            for (int r = 0; r < ctx.repeats(); r++) {
                ctx.progress().step("neighbour reads %s: warm repeat %d/%d", w.label(), r + 1, ctx.repeats());
                for (int i = 0; i < perRepeat; i++) {
                    int batch = WARMUP_BATCHES + i % w.readBatches();
                    readPair(cache, w, tallies, r, i, batch, batch);
                }
            }
        }
        return tallies;
    }

    private void warmUpJit(DiskCache cache, Workload w) {
        cache.getAll(Keys.batch(salt(w), 0));
        for (byte[] key : Keys.batch(salt(w), 1)) cache.get(key);
    }

    private void readPair(DiskCache cache, Workload w, ReadTally[] tallies, int repeat, int i, int getAllBatch, int singlesBatch) {
        List<byte[]> getAllKeys = Keys.batch(salt(w), getAllBatch);
        List<byte[]> singleKeys = Keys.batch(salt(w), singlesBatch);
        if ((repeat + i) % 2 == 0) { // alternate which approach goes first
            timeGetAll(cache, getAllKeys, tallies[0], repeat, w.valueBytes());
            timeSingles(cache, singleKeys, tallies[1], repeat, w.valueBytes());
        } else {
            timeSingles(cache, singleKeys, tallies[1], repeat, w.valueBytes());
            timeGetAll(cache, getAllKeys, tallies[0], repeat, w.valueBytes());
        }
    }

    private static void timeGetAll(DiskCache cache, List<byte[]> keys, ReadTally tally, int repeat, int valueBytes) {
        DiskStats before = cache.stats();
        long startNs = System.nanoTime();
        List<byte[]> values = cache.getAll(keys);
        long elapsedNs = System.nanoTime() - startNs;
        tally.add(repeat, elapsedNs, before, cache.stats(), values, valueBytes);
    }

    private static void timeSingles(DiskCache cache, List<byte[]> keys, ReadTally tally, int repeat, int valueBytes) {
        List<byte[]> values = new ArrayList<>(keys.size());
        DiskStats before = cache.stats();
        long startNs = System.nanoTime();
        for (byte[] key : keys) values.add(cache.get(key));
        long elapsedNs = System.nanoTime() - startNs;
        tally.add(repeat, elapsedNs, before, cache.stats(), values, valueBytes);
    }

    private void addRows(Workload w, Section section, String label, String mode, ReadTally[] tallies) {
        String id = "neighbourReads." + w.id() + "." + mode;
        String prefix = w.label() + " " + label + ": ";
        Figure singles = new Figure(id + ".singles.micros", prefix + Workload.BATCH_KEYS + " x get()", "µs",
                tallies[1].microsPerBatch());
        Figure getAll = new Figure(id + ".getAll.micros", prefix + "getAll(" + Workload.BATCH_KEYS + ")", "µs",
                tallies[0].microsPerBatch());
        section.add(singles).add(getAll, Ratio.of(id + ".singlesOverGetAll", "singles/getAll", singles, getAll));
        tallies[0].detail(section, prefix + "getAll device reads");
        tallies[1].detail(section, prefix + "singles device reads");
        EngineCounters.checkNoMisses(ctx.report(), "neighbour reads " + w.label() + " " + mode + " getAll", tallies[0].misses());
        EngineCounters.checkNoMisses(ctx.report(), "neighbour reads " + w.label() + " " + mode + " singles", tallies[1].misses());
    }

    private static long salt(Workload w) {
        return 4_000_000L + w.valueBytes();
    }
}
