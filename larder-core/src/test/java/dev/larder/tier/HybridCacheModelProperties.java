package dev.larder.tier;

import dev.larder.testing.ManualClock;
import dev.larder.testing.ScratchDirectory;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.CacheStats;
import dev.larder.cache.Codec;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.HybridCacheBuilder;
import dev.larder.cache.Larder;
import dev.larder.cache.MemoryTierSlot;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The hybrid cache against a {@code HashMap} model: random sequences of puts (plain, with TTL,
 * bulk), point, loading and batch reads (with and without a bulk loader), invalidations, clears,
 * flushes, close-and-reopen and clock advances, in both admission modes, with String and byte[]
 * keys.
 *
 * <p>The memory tier is tiny (2 to 8 KiB against values of 10 to 5,000 bytes, some larger than
 * the whole budget), so entries are constantly evicted, spilled (write-on-evict) and promoted;
 * the disk tier is roomy, so nothing is ever evicted from it. Hence every read must equal the
 * model exactly, in both modes, across reopens (close spills the memory tier in write-on-evict)
 * and TTL expiry (TTLs and clock steps are multiples of 50 ms, so reads land exactly on deadlines).
 */
class HybridCacheModelProperties {
    private static final int KEYS = 12;
    private static final long DISK_BYTES = 16L << 20;
    private static final int REGION_BYTES = 256 << 10;

    sealed interface Op {}
    record Put(int key, int length) implements Op {}
    record PutTtl(int key, int length, int ttlMs) implements Op {}
    record PutAll(List<Integer> keys, int length) implements Op {}
    record Get(int key) implements Op {}
    record GetLoad(int key, int length, boolean loadsNull) implements Op {}
    record GetAll(List<Integer> keys) implements Op {}
    /** {@code skipMask}: the bulk loader returns nothing for key k when bit k is set. */
    record GetAllLoad(List<Integer> keys, int length, int skipMask) implements Op {}
    record Invalidate(int key) implements Op {}
    record InvalidateAll(List<Integer> keys) implements Op {}
    record Clear() implements Op {}
    record Flush() implements Op {}
    record Reopen() implements Op {}
    record Advance(int ms) implements Op {}

    /** The model's view of one key: its latest value and absolute expiry (0 = never). */
    record Entry(String text, long expireAtMs) {
        boolean liveAt(long nowMs) {
            return expireAtMs == 0 || expireAtMs > nowMs;
        }
    }

    /** How test keys and values become the cache's types: String/utf8 or byte[]/bytes. */
    interface Flavor<K, V> {
        HybridCacheBuilder<K, V> builder();

        /** A fresh instance for key {@code k} on every call (byte[] keys must match by value). */
        K key(int k);

        int index(K key);

        V value(String text);

        String text(V value);
    }

    static final Flavor<String, String> STRINGS = new Flavor<>() {
        public HybridCacheBuilder<String, String> builder() {
            return Larder.newBuilder(Codecs.utf8(), Codecs.utf8());
        }

        public String key(int k) {
            return new String("key-" + k); // a distinct instance, as byte[] keys are
        }

        public int index(String key) {
            return Integer.parseInt(key.substring(4));
        }

        public String value(String text) {
            return text;
        }

        public String text(String value) {
            return value;
        }
    };

    static final Flavor<byte[], byte[]> BYTES = new Flavor<>() {
        public HybridCacheBuilder<byte[], byte[]> builder() {
            return Larder.newBuilder();
        }

        public byte[] key(int k) {
            return ("key-" + k).getBytes(UTF_8);
        }

        public int index(byte[] key) {
            return Integer.parseInt(new String(key, UTF_8).substring(4));
        }

        public byte[] value(String text) {
            return text.getBytes(UTF_8);
        }

        public String text(byte[] value) {
            return value == null ? null : new String(value, UTF_8);
        }
    };

    /** A key lending the cache a slot ({@link MemoryTierSlot}), equal by number, as the server's directory nodes are. */
    static final class SlotKey implements MemoryTierSlot {
        final int k;
        private volatile Object entry;

        SlotKey(int k) {
            this.k = k;
        }

        @Override public Object memoryTierEntry() { return entry; }
        @Override public void memoryTierEntry(Object entry) { this.entry = entry; }
        @Override public boolean equals(Object o) { return o instanceof SlotKey other && other.k == k; }
        @Override public int hashCode() { return k; }
    }

    /**
     * Slot keys, one instance per key for the whole run (across reopens, so a slot may hold an
     * entry of a closed cache), as the server passes its directory node for every write and read.
     */
    static Flavor<SlotKey, String> slotKeys() {
        SlotKey[] instances = new SlotKey[KEYS];
        for (int k = 0; k < KEYS; k++) instances[k] = new SlotKey(k);
        Codec<SlotKey> codec = new Codec<>() {
            public byte[] encode(SlotKey key) {
                return ("key-" + key.k).getBytes(UTF_8);
            }

            public SlotKey decode(byte[] bytes) {
                return new SlotKey(Integer.parseInt(new String(bytes, UTF_8).substring(4)));
            }
        };
        return new Flavor<>() {
            public HybridCacheBuilder<SlotKey, String> builder() {
                return Larder.newBuilder(codec, Codecs.utf8());
            }

            public SlotKey key(int k) {
                return instances[k];
            }

            public int index(SlotKey key) {
                return key.k;
            }

            public String value(String text) {
                return text;
            }

            public String text(String value) {
                return value;
            }
        };
    }

    /** Values of three lengths only, so overwrites of the same size (updated in place through the slot) are common. */
    @Property(tries = 300)
    void slotKeyCacheReadsExactlyTheModel(@ForAll("fewLengthOps") List<Op> ops, @ForAll AdmissionMode admission,
                                          @ForAll @IntRange(min = 2048, max = 8192) int memoryBytes,
                                          @ForAll boolean promoteOnRepeatHit) {
        collect(new Run<>(slotKeys(), admission, memoryBytes, promoteOnRepeatHit), ops);
    }

    @Property(tries = 400)
    void stringCacheReadsExactlyTheModel(@ForAll("ops") List<Op> ops, @ForAll AdmissionMode admission,
                                         @ForAll @IntRange(min = 2048, max = 8192) int memoryBytes,
                                         @ForAll boolean promoteOnRepeatHit) {
        collect(new Run<>(STRINGS, admission, memoryBytes, promoteOnRepeatHit), ops);
    }

    @Property(tries = 200)
    void byteArrayCacheReadsExactlyTheModel(@ForAll("ops") List<Op> ops, @ForAll AdmissionMode admission,
                                            @ForAll @IntRange(min = 2048, max = 8192) int memoryBytes,
                                            @ForAll boolean promoteOnRepeatHit) {
        collect(new Run<>(BYTES, admission, memoryBytes, promoteOnRepeatHit), ops);
    }

    private static void collect(Run<?, ?> run, List<Op> ops) {
        run.run(ops);
        Statistics.label("memory evictions").collect(run.memoryEvictions > 0);
        Statistics.label("memory evictions").coverage(c -> c.check(true).percentage(p -> p >= 60));
        if (run.promoteOnRepeatHit) { // the mode is exercised: first disk hits of a full tier are left out
            Statistics.label("disk hits left out of memory").collect(run.promotionsSkipped > 0);
            Statistics.label("disk hits left out of memory").coverage(c -> c.check(true).percentage(p -> p >= 30));
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return ops(Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(10, 600)),
                Tuple.of(6, Arbitraries.integers().between(600, 2_000)),
                Tuple.of(1, Arbitraries.integers().between(2_000, 5_000)))); // some larger than the whole memory tier
    }

    @Provide
    Arbitrary<List<Op>> fewLengthOps() {
        return ops(Arbitraries.of(40, 300, 900));
    }

    private Arbitrary<List<Op>> ops(Arbitrary<Integer> length) {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<List<Integer>> keys = key.list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Integer> ttlMs = Arbitraries.integers().between(1, 40).map(n -> n * 50);
        return Arbitraries.<Op>frequencyOf(
                Tuple.of(20, Combinators.combine(key, length).as(Put::new)),
                Tuple.of(6, Combinators.combine(key, length, ttlMs).as(PutTtl::new)),
                Tuple.of(3, Combinators.combine(key.set().ofMinSize(1).ofMaxSize(5).map(List::copyOf), length).as(PutAll::new)),
                Tuple.of(18, key.map(Get::new)),
                Tuple.of(6, Combinators.combine(key, length, Arbitraries.integers().between(0, 4).map(n -> n == 0))
                        .as(GetLoad::new)),
                Tuple.of(6, keys.map(GetAll::new)),
                Tuple.of(4, Combinators.combine(keys, length, Arbitraries.integers().between(0, (1 << KEYS) - 1))
                        .as(GetAllLoad::new)),
                Tuple.of(5, key.map(Invalidate::new)),
                Tuple.of(2, keys.map(InvalidateAll::new)),
                Tuple.of(1, Arbitraries.just(new Clear())),
                Tuple.of(2, Arbitraries.just(new Flush())),
                Tuple.of(3, Arbitraries.just(new Reopen())),
                Tuple.of(6, Arbitraries.integers().between(1, 30).map(n -> new Advance(n * 50))))
                .list().ofMinSize(40).ofMaxSize(160);
    }

    /** One try: the cache, the model and the clock. */
    private static final class Run<K, V> {
        private final Flavor<K, V> flavor;
        private final AdmissionMode admission;
        private final int memoryBytes;
        private final boolean promoteOnRepeatHit;
        private final ManualClock clock = new ManualClock();
        private final Map<Integer, Entry> model = new HashMap<>();
        private long memoryEvictions;
        private long promotionsSkipped;

        Run(Flavor<K, V> flavor, AdmissionMode admission, int memoryBytes, boolean promoteOnRepeatHit) {
            this.flavor = flavor;
            this.admission = admission;
            this.memoryBytes = memoryBytes;
            this.promoteOnRepeatHit = promoteOnRepeatHit;
        }

        private HybridCache<K, V> open(ScratchDirectory dir) {
            try {
                return flavor.builder().diskPath(dir.resolve("cache.dat"))
                        .diskCapacityBytes(DISK_BYTES).diskGeometry(4096, REGION_BYTES)
                        .durability(Durability.NONE) // close and flush still sync; crashes are CrashTest's
                        .memoryBytes(memoryBytes).admission(admission).clock(clock)
                        .promoteOnRepeatHit(promoteOnRepeatHit).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Counts the memory evictions and skipped promotions over all opens. */
        void run(List<Op> ops) {
            try (var dir = new ScratchDirectory()) {
                HybridCache<K, V> cache = open(dir);
                try {
                    for (int i = 0; i < ops.size(); i++) {
                        cache = step(dir, cache, i, ops.get(i));
                    }
                    checkAll("end", cache);
                    cache = reopen(dir, cache);
                    checkAll("after the final reopen", cache);
                    count(checkedStats(cache));
                } finally {
                    cache.close();
                }
            }
        }

        private void count(CacheStats stats) {
            memoryEvictions += stats.memoryEvictions();
            promotionsSkipped += stats.promotionsSkipped();
        }

        private HybridCache<K, V> reopen(ScratchDirectory dir, HybridCache<K, V> cache) {
            count(checkedStats(cache));
            cache.close();
            return open(dir);
        }

        private HybridCache<K, V> step(ScratchDirectory dir, HybridCache<K, V> cache, int i, Op op) {
            String step = "step " + i + ": " + op;
            switch (op) {
                case Put p -> {
                    String text = text(i, p.key(), p.length());
                    cache.put(flavor.key(p.key()), flavor.value(text));
                    model.put(p.key(), new Entry(text, 0));
                }
                case PutTtl p -> {
                    String text = text(i, p.key(), p.length());
                    cache.put(flavor.key(p.key()), flavor.value(text), Duration.ofMillis(p.ttlMs()));
                    model.put(p.key(), new Entry(text, clock.millis() + p.ttlMs()));
                }
                case PutAll p -> {
                    Map<K, V> entries = new LinkedHashMap<>();
                    for (int k : p.keys()) {
                        String text = text(i, k, p.length());
                        entries.put(flavor.key(k), flavor.value(text));
                        model.put(k, new Entry(text, 0));
                    }
                    cache.putAll(entries);
                }
                case Get g -> check(step, g.key(), flavor.text(cache.getIfPresent(flavor.key(g.key()))));
                case GetLoad g -> getLoad(step, cache, i, g);
                case GetAll g -> {
                    List<K> keys = keys(g.keys());
                    checkBatch(step, keys, cache.getAll(keys));
                }
                case GetAllLoad g -> getAllLoad(step, cache, i, g);
                case Invalidate v -> {
                    cache.invalidate(flavor.key(v.key()));
                    model.remove(v.key());
                }
                case InvalidateAll v -> {
                    cache.invalidateAll(keys(v.keys()));
                    v.keys().forEach(model::remove);
                }
                case Clear c -> {
                    cache.clear();
                    model.clear();
                }
                case Flush f -> cache.flush();
                case Reopen r -> cache = reopen(dir, cache);
                case Advance a -> clock.advance(a.ms());
            }
            return cache;
        }

        private void getLoad(String step, HybridCache<K, V> cache, int i, GetLoad g) {
            String expected = live(g.key());
            String loadedText = text(i, g.key(), g.length());
            AtomicInteger calls = new AtomicInteger();
            V got = cache.get(flavor.key(g.key()), key -> {
                calls.incrementAndGet();
                assertThat(flavor.index(key)).as(step + ": the loader's key").isEqualTo(g.key());
                return g.loadsNull() ? null : flavor.value(loadedText);
            });
            if (expected != null) {
                assertThat(calls).as(step + ": a present key is not loaded").hasValue(0);
                check(step, g.key(), flavor.text(got));
                return;
            }
            assertThat(calls).as(step + ": a missing key is loaded once").hasValue(1);
            if (g.loadsNull()) {
                assertThat(got).as(step + ": the loader found nothing").isNull();
            } else {
                assertThat(flavor.text(got)).as(step + ": the loaded value").isEqualTo(loadedText);
                model.put(g.key(), new Entry(loadedText, 0));
            }
        }

        private void getAllLoad(String step, HybridCache<K, V> cache, int i, GetAllLoad g) {
            Set<Integer> missing = new TreeSet<>();
            for (int k : g.keys()) if (live(k) == null) missing.add(k);
            List<K> keys = keys(g.keys());
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<Set<Integer>> asked = new AtomicReference<>();
            Map<K, V> found = cache.getAll(keys, requested -> {
                calls.incrementAndGet();
                Set<Integer> indexes = new TreeSet<>();
                Map<K, V> loaded = new HashMap<>();
                for (K key : requested) {
                    int k = flavor.index(key);
                    indexes.add(k);
                    if ((g.skipMask() >>> k & 1) == 0) loaded.put(key, flavor.value(text(i, k, g.length())));
                }
                asked.set(indexes);
                return loaded;
            });
            assertThat(calls).as(step + ": bulk loader calls").hasValue(missing.isEmpty() ? 0 : 1);
            if (!missing.isEmpty()) {
                assertThat(asked.get()).as(step + ": the bulk loader is asked for exactly the missing keys").isEqualTo(missing);
            }
            for (int k : missing) {
                if ((g.skipMask() >>> k & 1) == 0) model.put(k, new Entry(text(i, k, g.length()), 0));
            }
            checkBatch(step, keys, found);
        }

        /** Every requested key present exactly as the model says, and nothing else. */
        private void checkBatch(String step, List<K> keys, Map<K, V> found) {
            for (K key : keys) check(step + " (batch)", flavor.index(key), flavor.text(found.get(key)));
            for (var e : found.entrySet()) {
                assertThat(live(flavor.index(e.getKey()))).as(step + ": batch result for key %d", flavor.index(e.getKey()))
                        .isEqualTo(flavor.text(e.getValue()));
            }
            Set<Integer> expectedKeys = new LinkedHashSet<>();
            for (K key : keys) if (live(flavor.index(key)) != null) expectedKeys.add(flavor.index(key));
            Set<Integer> foundKeys = new LinkedHashSet<>();
            for (K key : found.keySet()) foundKeys.add(flavor.index(key));
            assertThat(foundKeys).as(step + ": keys in the batch result").isEqualTo(expectedKeys);
        }

        private List<K> keys(List<Integer> indexes) {
            List<K> keys = new ArrayList<>();
            for (int k : indexes) keys.add(flavor.key(k));
            return keys;
        }

        private String live(int key) {
            Entry entry = model.get(key);
            return entry != null && entry.liveAt(clock.millis()) ? entry.text() : null;
        }

        private void checkAll(String when, HybridCache<K, V> cache) {
            for (int k = 0; k < KEYS; k++) check(when, k, flavor.text(cache.getIfPresent(flavor.key(k))));
            List<K> all = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) all.add(flavor.key(k));
            checkBatch(when, all, cache.getAll(all));
        }

        private void check(String step, int key, String actual) {
            String expected = live(key);
            if (expected == null ? actual != null : !expected.equals(actual)) {
                throw new AssertionError(step + ", " + admission + ", memory " + memoryBytes + " B" + (promoteOnRepeatHit ? ", repeat hits promoted" : "") + ", key " + key
                        + ": expected " + describe(expected) + " but read " + describe(actual));
            }
        }

        private static CacheStats checkedStats(HybridCache<?, ?> cache) {
            CacheStats stats = cache.stats();
            assertThat(stats.decodeFailures()).as("decode failures").isZero();
            assertThat(stats.disk().checksumFailures()).as("checksum failures").isZero();
            assertThat(stats.disk().evictedRegions()).as("premise: the roomy disk never evicts").isZero();
            return stats;
        }
    }

    /** A value that says which step wrote it, for which key, padded to {@code length} characters. */
    static String text(int step, int key, int length) {
        StringBuilder text = new StringBuilder("s").append(step).append("k").append(key).append(':');
        while (text.length() < length) text.append((char) ('a' + (step + text.length()) % 26));
        return text.toString();
    }

    private static String describe(String text) {
        if (text == null) return "null";
        int colon = text.indexOf(':');
        return text.length() + " chars written at " + text.substring(0, colon);
    }
}
