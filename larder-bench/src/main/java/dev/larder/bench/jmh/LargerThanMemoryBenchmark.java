package dev.larder.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * A working set ten times the memory budget: {@value #KEYS} values of 1–4 KiB (uniform sizes,
 * ~160 MiB) behind a 16 MiB memory tier, read on one thread along a precomputed Zipf trace
 * ({@code zipfExponent}: 0.99 as in YCSB, where the keys that fit in memory take ~79% of lookups;
 * 1.2, where they take ~94%). Contenders, measured in the same run ({@code impl}):
 * <ul>
 *   <li>{@code larder}: Larder's HybridCache, {@code getIfPresent} (memory, then disk, promoting);
 *   <li>{@code ehcache}: Ehcache 3 with a heap tier of as many entries as 16 MiB holds at the mean
 *       entry weight, over a disk tier, {@code get};
 *   <li>{@code files}: the naive peer, Caffeine (16 MiB, same weigher) over one file per key.
 * </ul>
 * Every key is present (a null fails the run). {@code getThroughput} reports ops/s;
 * {@code getSampled} reports the latency distribution (p50, p99 …). Each measurement iteration
 * ends with a {@code # hit rate} line: the share of that iteration's lookups served by the memory
 * tier and by either tier, as each store counts them; setup prints the Zipf ceiling, the share of
 * the trace that falls on the keys the memory budget can hold.
 *
 * <p>The machine's page cache holds the whole data set, as it would on a server with RAM to spare:
 * a "disk" read here is a page-cache read for every contender (no O_DIRECT).
 *
 * <p>Run from the repository root (after {@code mvn install -Dmaven.test.skip=true -pl larder-core,larder-bench}
 * and {@code mvn dependency:build-classpath -pl larder-bench -Dmdep.outputFile=/tmp/hbench.cp}):
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp larder-bench/target/classes:$(cat /tmp/hbench.cp) \
 *     org.openjdk.jmh.Main LargerThanMemoryBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s
 * </pre>
 */
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LargerThanMemoryBenchmark {
    static final int KEYS = 65_536;
    static final int MIN_VALUE_BYTES = 1024;
    static final int MAX_VALUE_BYTES = 4096;
    static final long MEMORY_BYTES = 16L << 20;
    static final long DISK_BYTES = 1L << 30; // ~2.5x the data: Larder pads records to 4 KiB blocks
    static final int TRACE_LENGTH = 1 << 22;
    static final int PREWARM_LOOKUPS = 1 << 20;

    @State(Scope.Benchmark)
    public static class Contender {
        @Param({"larder", "ehcache", "files"})
        String impl;

        @Param({"0.99", "1.2"})
        double zipfExponent;

        String[] keys = new String[KEYS];
        ZipfTrace trace;
        int position;
        Path dir;
        TwoTierStore store;
        TwoTierStore.Tally atIterationStart;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("larder-jmh-ltm-");
            store = switch (impl) {
                case "larder" -> new LarderStore(dir, MEMORY_BYTES, DISK_BYTES);
                case "ehcache" -> new EhcacheStore(dir, memoryEntries(), DISK_BYTES);
                case "files" -> new FilePerKeyStore(dir, MEMORY_BYTES);
                default -> throw new IllegalArgumentException("impl must be larder, ehcache or files: " + impl);
            };
            load();
            trace = new ZipfTrace(KEYS, zipfExponent, TRACE_LENGTH, 42);
            for (int i = 0; i < PREWARM_LOOKUPS; i++) get(); // the memory tier settles on the trace's hot keys
            double ceiling = ZipfTrace.headShare(KEYS, zipfExponent, (int) memoryEntries());
            System.out.printf("%n# zipf ceiling: the %d hottest keys (16 MiB at the mean weight) take %.2f%% of lookups%n",
                    memoryEntries(), 100 * ceiling);
        }

        private void load() throws IOException {
            long startNs = System.nanoTime();
            byte[] pattern = new byte[MAX_VALUE_BYTES];
            new SplittableRandom(7).nextBytes(pattern);
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "item" + i;
                store.put(keys[i], value(pattern, i));
            }
            store.flush();
            System.out.printf("%n# loaded %d values (%.0f MiB) into %s in %.1f s%n", KEYS,
                    KEYS * (MIN_VALUE_BYTES + MAX_VALUE_BYTES) / 2.0 / (1 << 20), impl, (System.nanoTime() - startNs) / 1e9);
        }

        byte[] get() throws IOException {
            String key = keys[trace.at(position++)];
            byte[] value = store.get(key);
            if (value == null) throw new IllegalStateException(impl + " lost " + key);
            return value;
        }

        @Setup(Level.Iteration)
        public void markIteration() {
            atIterationStart = store.tally();
        }

        @TearDown(Level.Iteration)
        public void reportIteration() {
            System.out.printf("%n# hit rate: %s%n", store.tally().minus(atIterationStart).describe());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            deleteTree(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] getThroughput(Contender contender) throws IOException {
        return contender.get();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] getSampled(Contender contender) throws IOException {
        return contender.get();
    }

    /** Entries the memory budget holds at the mean weight (key + value + 288 B, as Larder weighs them). */
    static long memoryEntries() {
        return MEMORY_BYTES / ((MIN_VALUE_BYTES + MAX_VALUE_BYTES) / 2 + 10 + 288);
    }

    /** Value {@code i}: a size drawn uniformly from 1–4 KiB, its index stamped in its first bytes. */
    static byte[] value(byte[] pattern, int i) {
        int size = MIN_VALUE_BYTES + new SplittableRandom(i).nextInt(MAX_VALUE_BYTES - MIN_VALUE_BYTES + 1);
        byte[] value = Arrays.copyOf(pattern, size);
        ByteBuffer.wrap(value).putInt(i);
        return value;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
