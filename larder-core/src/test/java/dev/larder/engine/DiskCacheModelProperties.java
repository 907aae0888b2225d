package dev.larder.engine;

import dev.larder.testing.ManualClock;
import dev.larder.testing.ScratchDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The whole cache against a {@code HashMap} model: random sequences of puts (durable, buffered,
 * with TTL), deletes, point and batch reads, flushes, close-and-reopen and clock advances.
 *
 * <ul>
 *   <li>Roomy capacity (nothing is evicted), each durability mode: every read equals the model
 *       exactly, across reopens (close flushes buffered writes) and TTL expiry.
 *   <li>Tiny capacity (four small regions, constant eviction, with and without reinsertion and
 *       mapped reads, power-of-two and other region sizes): every read is null or exactly the
 *       model's latest value for that key; a deleted, expired or never-written key is always null.
 * </ul>
 */
class DiskCacheModelProperties {
    private static final int KEYS = 24;
    private static final int BLOCK = 4096;
    private static final int SMALL_BLOCK = 128; // the server's: records of small values share pages

    sealed interface Op {}
    record Put(int key, int length, long seed) implements Op {}
    record PutBuffered(int key, int length, long seed) implements Op {}
    record PutTtl(int key, int length, long seed, int ttlMs, boolean buffered) implements Op {}
    record Delete(int key) implements Op {}
    record Get(int key) implements Op {}
    record GetAll(List<Integer> keys) implements Op {}
    record Flush() implements Op {}
    record Reopen() implements Op {}
    record Advance(int ms) implements Op {}

    /** The model's view of one key: its latest value and absolute expiry (0 = never). */
    record Entry(byte[] value, long expireAtMs) {}

    @Property(tries = 60)
    void roomyCacheReadsExactlyTheModel(@ForAll("roomyOps") List<Op> ops, @ForAll Durability durability,
                                        @ForAll boolean smallBlocks) throws IOException {
        var setup = new Setup(smallBlocks ? SMALL_BLOCK : BLOCK, 64 << 20, 64 << 10, true, true, durability);
        long evictedRegions = run(setup, ops, true);
        assertThat(evictedRegions).as("premise: roomy capacity never evicts").isZero();
    }

    @Property(tries = 80)
    void tinyCacheReadsNullOrTheLatestValue(@ForAll("tinyOps") List<Op> ops, @ForAll boolean reinsertHits,
                                            @ForAll boolean mappedReads, @ForAll boolean powerOfTwoRegions,
                                            @ForAll boolean smallBlocks) throws IOException {
        int regionSize = powerOfTwoRegions ? 64 << 10 : 48 << 10;
        int block = smallBlocks ? SMALL_BLOCK : BLOCK;
        long evictedRegions = run(new Setup(block, 2L * block + 4L * regionSize, regionSize, reinsertHits, mappedReads, Durability.BATCH), ops, false);
        Statistics.label("evicted").collect(evictedRegions > 0);
        Statistics.label("evicted").coverage(c -> c.check(true).percentage(p -> p >= 50));
    }

    @Provide
    Arbitrary<List<Op>> roomyOps() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.integers().between(0, 2_000)),
                Tuple.of(5, Arbitraries.integers().between(2_000, 20_000)),
                Tuple.of(1, Arbitraries.integers().between(60_000, 200_000))); // larger than a region: chunked
        return ops(length).list().ofMinSize(50).ofMaxSize(200);
    }

    @Provide
    Arbitrary<List<Op>> tinyOps() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(15, Arbitraries.integers().between(0, 6_000)),
                Tuple.of(4, Arbitraries.integers().between(6_000, 20_000)),
                Tuple.of(1, Arbitraries.integers().between(44_000, 70_000))); // around the region size
        return ops(length).list().ofMinSize(50).ofMaxSize(200);
    }

    private static Arbitrary<Op> ops(Arbitrary<Integer> length) {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Integer> ttlMs = Arbitraries.integers().between(1, 3_000);
        return Arbitraries.frequencyOf(
                Tuple.of(20, Combinators.combine(key, length, seed).as(Put::new)),
                Tuple.of(10, Combinators.combine(key, length, seed).as(PutBuffered::new)),
                Tuple.of(6, Combinators.combine(key, length, seed, ttlMs, Arbitraries.of(true, false)).as(PutTtl::new)),
                Tuple.of(6, key.map(Delete::new)),
                Tuple.of(25, key.map(Get::new)),
                Tuple.of(8, key.list().ofMinSize(1).ofMaxSize(8).map(GetAll::new)),
                Tuple.of(3, Arbitraries.just(new Flush())),
                Tuple.of(3, Arbitraries.just(new Reopen())),
                Tuple.of(5, Arbitraries.integers().between(1, 2_000).map(Advance::new)));
    }

    record Setup(int blockBytes, long capacityBytes, int regionSizeBytes, boolean reinsertHits, boolean mappedReads, Durability durability) {
        DiskCache open(ScratchDirectory dir, ManualClock clock) throws IOException {
            return DiskCache.builder(dir.resolve("cache.dat"))
                    .capacityBytes(capacityBytes).blockSizeBytes(blockBytes).regionSizeBytes(regionSizeBytes)
                    .reinsertHits(reinsertHits).mappedReads(mappedReads).durability(durability).clock(clock)
                    .open();
        }

        int maxValueBytes() {
            return (int) Math.min(Integer.MAX_VALUE, capacityBytes / 4 - blockBytes); // the engine refuses more
        }
    }

    /**
     * Runs {@code ops}; {@code exact} demands the model's value, otherwise null is also accepted.
     * Returns the regions evicted over all the opens of the file.
     */
    private static long run(Setup setup, List<Op> ops, boolean exact) throws IOException {
        var clock = new ManualClock();
        Map<Integer, Entry> model = new HashMap<>();
        long evictedRegions = 0;
        try (var dir = new ScratchDirectory()) {
            DiskCache cache = setup.open(dir, clock);
            try {
                for (int i = 0; i < ops.size(); i++) {
                    Op op = ops.get(i);
                    String step = "step " + i + ": " + op;
                    switch (op) {
                        case Put p -> {
                            byte[] value = value(i, p.seed(), Math.min(p.length(), setup.maxValueBytes()));
                            cache.put(key(p.key()), value);
                            model.put(p.key(), new Entry(value, 0));
                        }
                        case PutBuffered p -> {
                            byte[] value = value(i, p.seed(), Math.min(p.length(), setup.maxValueBytes()));
                            cache.putBuffered(key(p.key()), value);
                            model.put(p.key(), new Entry(value, 0));
                        }
                        case PutTtl p -> {
                            byte[] value = value(i, p.seed(), Math.min(p.length(), setup.maxValueBytes()));
                            Duration ttl = Duration.ofMillis(p.ttlMs());
                            if (p.buffered()) cache.putBuffered(key(p.key()), value, ttl);
                            else cache.put(key(p.key()), value, ttl);
                            model.put(p.key(), new Entry(value, clock.millis() + p.ttlMs()));
                        }
                        case Delete d -> {
                            cache.delete(key(d.key()));
                            model.remove(d.key());
                        }
                        case Get g -> check(step, g.key(), cache.get(key(g.key())), model, clock, exact);
                        case GetAll g -> {
                            List<byte[]> keys = new ArrayList<>();
                            for (int k : g.keys()) keys.add(key(k));
                            List<byte[]> values = cache.getAll(keys);
                            assertThat(values).as(step).hasSize(keys.size());
                            for (int j = 0; j < keys.size(); j++) check(step, g.keys().get(j), values.get(j), model, clock, exact);
                        }
                        case Flush f -> cache.flush();
                        case Reopen r -> {
                            evictedRegions += checkedStats(cache).evictedRegions();
                            cache.close();
                            cache = setup.open(dir, clock);
                        }
                        case Advance a -> clock.advance(a.ms());
                    }
                }
                checkAll("end", cache, model, clock, exact);
                evictedRegions += checkedStats(cache).evictedRegions();
                cache.close();
                cache = setup.open(dir, clock);
                checkAll("after final reopen", cache, model, clock, exact);
                return evictedRegions + checkedStats(cache).evictedRegions();
            } finally {
                cache.close();
            }
        }
    }

    private static DiskStats checkedStats(DiskCache cache) {
        DiskStats stats = cache.stats();
        assertThat(stats.checksumFailures()).as("no record is ever corrupt here").isZero();
        return stats;
    }

    private static void checkAll(String when, DiskCache cache, Map<Integer, Entry> model, ManualClock clock, boolean exact) {
        for (int k = 0; k < KEYS; k++) check(when, k, cache.get(key(k)), model, clock, exact);
    }

    private static void check(String step, int key, byte[] actual, Map<Integer, Entry> model, ManualClock clock, boolean exact) {
        Entry entry = model.get(key);
        boolean live = entry != null && (entry.expireAtMs() == 0 || entry.expireAtMs() > clock.millis());
        byte[] expected = live ? entry.value() : null;
        boolean ok = Arrays.equals(actual, expected) || (!exact && actual == null);
        if (!ok) {
            throw new AssertionError(step + ", key " + key + ": expected " + describe(expected)
                    + (exact ? "" : " or null") + " but read " + describe(actual));
        }
    }

    /** Short form for failure messages: values carry the step that wrote them in their first bytes. */
    private static String describe(byte[] value) {
        if (value == null) return "null";
        if (value.length < 4) return value.length + " bytes " + Arrays.toString(value);
        int step = (value[0] & 0xFF) << 24 | (value[1] & 0xFF) << 16 | (value[2] & 0xFF) << 8 | (value[3] & 0xFF);
        return value.length + " bytes written at step " + step;
    }

    private static byte[] key(int k) {
        return ("key-" + k).getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct per step (the step index is mixed in), so an older value can never pass for a newer one. */
    private static byte[] value(int step, long seed, int length) {
        byte[] value = new byte[length];
        new SplittableRandom(seed * 31 + step).nextBytes(value);
        if (length >= 4) {
            value[0] = (byte) (step >>> 24);
            value[1] = (byte) (step >>> 16);
            value[2] = (byte) (step >>> 8);
            value[3] = (byte) step;
        }
        return value;
    }
}
