package dev.larder.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.larder.cache.CacheStats;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Memory-tier hits: {@code getIfPresent} of a {@link HybridCache HybridCache&lt;String, String&gt;}
 * whose every entry is in memory ({@code impl=larder}), beside the peer measured in the same run,
 * {@code impl=caffeine}: a Caffeine {@link Cache} alone with the same {@code maximumWeight} and a
 * weigher of the same form (key + value length + 288 B, as Larder weighs an entry). A third,
 * {@code impl=caffeineAsTier}, is Caffeine built as Larder's memory tier builds it
 * ({@link CaffeineAsMemoryTier}): the gap from {@code caffeine} to it is the configuration's cost, the
 * gap from it to {@code larder} is Larder's own code on the hit path. All hold
 * {@value #KEYS} keys of up to 9 B with 100 B values (~23 MiB weighed, budget 64 MiB, so nothing is
 * evicted); lookups follow a precomputed Zipf(0.99) trace of key indexes, every one a hit.
 * {@code getIfPresent1Thread} and {@code getIfPresent2Threads} make independent lookups, whose cache
 * misses the CPU may overlap (throughput); {@code getIfPresentChained1Thread} picks each key only
 * once the previous value is known, so lookups cannot overlap (latency). Larder's disk tier is open
 * but never read: setup checks that the memory tier holds every key, and teardown prints
 * {@code # larder stats} with the miss count, which must be 0. The goal: Larder's hit within 1.5x of
 * Caffeine's own.
 *
 * <p>Run from the repository root (after {@code mvn install -Dmaven.test.skip=true -pl larder-core,larder-bench}
 * and {@code mvn dependency:build-classpath -pl larder-bench -Dmdep.outputFile=/tmp/hbench.cp}):
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp larder-bench/target/classes:$(cat /tmp/hbench.cp) \
 *     org.openjdk.jmh.Main MemoryTierBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class MemoryTierBenchmark {
    static final int KEYS = 100_000;
    static final int VALUE_CHARS = 100;
    static final long MEMORY_BYTES = 64L << 20;
    static final int TRACE_LENGTH = 1 << 22;

    @State(Scope.Benchmark)
    public static class Caches {
        @Param({"larder", "caffeine", "caffeineAsTier"})
        String impl;

        String[] keys = new String[KEYS];
        ZipfTrace trace;
        Function<String, String> lookup;
        Path dir;
        HybridCache<String, String> larder;

        @Setup(Level.Trial)
        public void open() throws IOException {
            for (int i = 0; i < KEYS; i++) keys[i] = "key:" + i;
            trace = new ZipfTrace(KEYS, 0.99, TRACE_LENGTH, 42);
            lookup = switch (impl) {
                case "larder" -> openLarder();
                case "caffeine" -> openCaffeine();
                case "caffeineAsTier" -> openCaffeineAsTier();
                default -> throw new IllegalArgumentException("impl must be larder, caffeine or caffeineAsTier: " + impl);
            };
            for (String key : keys) {
                if (lookup.apply(key) == null) throw new IllegalStateException("setup: " + impl + " missed " + key);
            }
        }

        private Function<String, String> openLarder() throws IOException {
            dir = Files.createTempDirectory("larder-jmh-memory-");
            larder = Larder.newBuilder(Codecs.utf8(), Codecs.utf8())
                    .diskPath(dir.resolve("data"))
                    .memoryBytes(MEMORY_BYTES)
                    .diskCapacityBytes(512L << 20) // 100k records padded to 4 KiB blocks
                    .durability(Durability.NONE)   // setup speed only: the benchmark never writes
                    .build();
            for (int i = 0; i < KEYS; i++) larder.put(keys[i], value(i));
            CacheStats stats = larder.stats();
            if (stats.memoryEntries() != KEYS) throw new IllegalStateException("setup: not all keys in memory: " + stats);
            return larder::getIfPresent;
        }

        private Function<String, String> openCaffeine() {
            Cache<String, String> caffeine = Caffeine.newBuilder()
                    .maximumWeight(MEMORY_BYTES)
                    .weigher((String k, String v) -> k.length() + v.length() + 288)
                    .build();
            for (int i = 0; i < KEYS; i++) caffeine.put(keys[i], value(i));
            return caffeine::getIfPresent;
        }

        private Function<String, String> openCaffeineAsTier() {
            CaffeineAsMemoryTier caffeine = new CaffeineAsMemoryTier(MEMORY_BYTES);
            for (int i = 0; i < KEYS; i++) caffeine.put(keys[i], value(i));
            return caffeine::getIfPresent;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (larder == null) return;
            CacheStats stats = larder.stats();
            System.out.printf("%n# larder stats: memoryHits=%d memoryMisses=%d diskHits=%d%n",
                    stats.memoryHits(), stats.memoryMisses(), stats.diskHits());
            larder.close();
            LargerThanMemoryBenchmark.deleteTree(dir);
        }
    }

    /** Each thread walks the shared trace from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int position;

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            position = thread.getThreadIndex() * (TRACE_LENGTH / 2 + 12_345);
        }
    }

    @Benchmark
    @Threads(1)
    public String getIfPresent1Thread(Caches caches, Cursor cursor) {
        return caches.lookup.apply(caches.keys[caches.trace.at(cursor.position++)]);
    }

    @Benchmark
    @Threads(2)
    public String getIfPresent2Threads(Caches caches, Cursor cursor) {
        return caches.lookup.apply(caches.keys[caches.trace.at(cursor.position++)]);
    }

    /**
     * One thread, each lookup's key chosen only once the previous value is known (the step is
     * always 1, but the CPU cannot tell): lookups cannot overlap their cache misses, so this is the
     * latency of a hit rather than the throughput of independent hits.
     */
    @Benchmark
    @Threads(1)
    public String getIfPresentChained1Thread(Caches caches, Cursor cursor) {
        String value = caches.lookup.apply(caches.keys[caches.trace.at(cursor.position)]);
        cursor.position += value.length() - VALUE_CHARS + 1;
        return value;
    }

    static String value(int i) {
        StringBuilder value = new StringBuilder(VALUE_CHARS).append("value:").append(i).append(':');
        while (value.length() < VALUE_CHARS) value.append('x');
        return value.toString();
    }
}
