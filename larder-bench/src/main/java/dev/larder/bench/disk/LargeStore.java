package dev.larder.bench.disk;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.io.IOException;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/*
 * Figure 5 (--large only): a store holding >= 10 GiB of values, then random point reads.
 *
 * Values are 4036 bytes, the largest that with a 16-byte key and the 44-byte record overhead fill
 * exactly one 4 KiB block, so each get() touches one 4 KiB page and 10 GiB of values take ~10 GiB
 * of file. (A 4096-byte value would need two blocks: half the store would be padding.) They are
 * written with putBuffered and one flush (timed: one run, reported as write MB/s), then every key
 * is read once so that all pages are resident and every index entry has its hit bit set. Then
 * each repeat times 1M uniformly random get()s one by one into an HdrHistogram (ns, 3 digits),
 * through the mapped read path (the default).
 *
 * Index memory is DiskStats.indexBytes() (the table's allocated slots, not just live entries)
 * over the value bytes stored.
 */
final class LargeStore {
    static final long STORED_BYTES = 10L << 30;
    static final int RANDOM_READS = 1_000_000;
    static final double INDEX_PERCENT_TARGET = 1.0;
    private static final long FREE_SPACE_MARGIN_BYTES = 1L << 30;
    private static final long SALT = 5;

    private final BenchContext ctx;

    LargeStore(BenchContext ctx) {
        this.ctx = ctx;
    }

    static long records() {
        int valueBytes = CacheSizing.oneBlockValueBytes();
        return (STORED_BYTES + valueBytes - 1) / valueBytes;
    }

    static long capacityBytes() {
        return CacheSizing.capacityFor(records(), CacheSizing.oneBlockValueBytes());
    }

    /** Fails before any work if the store cannot fit; call it first thing. */
    static void requireSpace(Scratch scratch) throws IOException {
        scratch.requireFree(capacityBytes() + FREE_SPACE_MARGIN_BYTES, "the --large store");
    }

    Section run() throws IOException {
        requireSpace(ctx.scratch());
        int valueBytes = CacheSizing.oneBlockValueBytes();
        long records = records();
        Section section = new Section("large", String.format(
                "5. large store: %,d values of %d bytes (%.1f GiB stored), random get()s via mmap",
                records, valueBytes, records * (double) valueBytes / (1L << 30)));
        try (ScratchCache store = ScratchCache.create(ctx.scratch(), "large", b -> b.capacityBytes(capacityBytes()))) {
            DiskCache cache = store.cache();
            long writeNs = write(cache, records, valueBytes);
            section.add(new Figure("large.write.MBps", "putBuffered + flush of the store (1 run)", "MB/s",
                    new double[] {BenchContext.megabytesPerSecond(records * valueBytes, writeNs)}));
            touch(cache, records);
            randomReads(cache, records, section);
            index(cache.stats(), records * valueBytes, section);
        }
        return section;
    }

    private long write(DiskCache cache, long records, int valueBytes) {
        byte[] value = Keys.value(valueBytes);
        long tenth = Math.max(1, records / 10);
        long startNs = System.nanoTime();
        for (long i = 0; i < records; i++) {
            cache.putBuffered(Keys.key(SALT, i), value);
            if (i % tenth == tenth - 1) ctx.progress().step("large store: written %.0f%%", (i + 1) * 100.0 / records);
        }
        cache.flush();
        long elapsedNs = System.nanoTime() - startNs;
        EngineCounters.checkNoEviction(ctx.report(), "large store write", cache.stats());
        return elapsedNs;
    }

    private void touch(DiskCache cache, long records) {
        ctx.progress().step("large store: reading every key once (pages resident)");
        byte[] key = Keys.key(SALT, 0);
        long misses = 0;
        for (long i = 0; i < records; i++) {
            Keys.setIndex(key, i);
            if (cache.get(key) == null) misses++;
        }
        EngineCounters.checkNoMisses(ctx.report(), "large store touch", misses);
    }

    private void randomReads(DiskCache cache, long records, Section section) {
        int n = ctx.repeats();
        double[] p50 = new double[n], p99 = new double[n], p999 = new double[n];
        byte[] key = Keys.key(SALT, 0);
        SplittableRandom random = new SplittableRandom(7);
        long misses = 0;
        for (int r = 0; r < n; r++) {
            ctx.progress().step("large store: %,d random reads, repeat %d/%d", RANDOM_READS, r + 1, n);
            Histogram histogram = new Histogram(3);
            for (int i = 0; i < RANDOM_READS; i++) {
                Keys.setIndex(key, random.nextLong(records));
                long startNs = System.nanoTime();
                byte[] value = cache.get(key);
                histogram.recordValue(System.nanoTime() - startNs);
                if (value == null) misses++;
            }
            p50[r] = histogram.getValueAtPercentile(50) / 1e3;
            p99[r] = histogram.getValueAtPercentile(99) / 1e3;
            p999[r] = histogram.getValueAtPercentile(99.9) / 1e3;
        }
        EngineCounters.checkNoMisses(ctx.report(), "large store random reads", misses);
        String what = "random get(), " + RANDOM_READS / 1_000_000 + "M reads: ";
        section.add(new Figure("large.get.p50.micros", what + "p50", "µs", p50))
                .add(new Figure("large.get.p99.micros", what + "p99", "µs", p99))
                .add(new Figure("large.get.p999.micros", what + "p99.9", "µs", p999));
    }

    private static void index(DiskStats stats, long storedBytes, Section section) {
        double percent = 100.0 * stats.indexBytes() / storedBytes;
        section.add(new Figure("large.indexPercentOfStored", "index memory / value bytes stored", "%",
                new double[] {percent}), Target.atMost(INDEX_PERCENT_TARGET));
        section.detail("index", "entries", stats.indexEntries(), "indexMiB", stats.indexBytes() / (double) (1 << 20),
                "bytesPerEntry", stats.indexBytesPerEntry(), "storedGiB", storedBytes / (double) (1L << 30),
                "fileGiB", stats.capacityBytes() / (double) (1L << 30));
    }
}
