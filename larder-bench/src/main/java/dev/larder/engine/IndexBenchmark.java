package dev.larder.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Larder's {@link KeyIndex} against the JDK type it replaces, {@code HashMap<Long, Long>}, at
 * 1,048,576 entries (tags and locations made as the engine makes them): {@code lookup} of a present
 * tag (uniformly random), and {@code insert}, building a table of all entries from empty (growing,
 * as recovery does), reported per entry. Memory per entry is printed once per fork at setup
 * ({@code # memory ...} lines): the heap growth from building the table (after GC), and for
 * KeyIndex also {@code KeyIndex.bytes()} — what {@code DiskStats.indexBytes()} reports.
 *
 * <p>This class lives in package {@code dev.larder.engine} inside larder-bench because
 * {@code KeyIndex}, {@code KeyHash} and {@code Location} are package-private in larder-core. That
 * works on the class path (as below), not on the module path, where the package is split.
 *
 * <p>Run from the repository root (after {@code mvn install -DskipTests -pl larder-core,larder-bench}
 * and {@code mvn dependency:build-classpath -pl larder-bench -Dmdep.outputFile=/tmp/bench.cp}):
 * <pre>
 * java -cp larder-bench/target/classes:$(cat /tmp/bench.cp) org.openjdk.jmh.Main IndexBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IndexBenchmark {
    static final int ENTRIES = 1 << 20;

    /** The two tables behind one face, so each benchmark method is the same code for both. */
    interface Table {
        void put(long tag, long location);

        long find(long tag);
    }

    @Param({"KeyIndex", "HashMap"})
    String table;

    long[] tags;
    long[] locations;
    Table full;

    @Setup(Level.Trial)
    public void setup() {
        tags = new long[ENTRIES];
        locations = new long[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            tags[i] = KeyIndex.tag(KeyHash.hash(ByteBuffer.allocate(16).putLong(7).putLong(i).array()));
            locations[i] = Location.of(1 + 2L * i, 2); // 4 KiB values: two-block records, back to back
        }
        long before = usedHeapBytes();
        full = build();
        long after = usedHeapBytes();
        System.out.printf(Locale.ROOT, "%n# memory %s: %.1f bytes/entry (heap growth after GC)%s%n", table,
                (after - before) / (double) ENTRIES, full instanceof Larder l
                        ? String.format(Locale.ROOT, ", %.1f bytes/entry (KeyIndex.bytes() = DiskStats.indexBytes)",
                                l.index.bytes() / (double) l.index.size())
                        : "");
    }

    @Benchmark
    public long lookup(Cursor cursor) {
        return full.find(tags[cursor.next()]);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public Table insert() {
        return build();
    }

    private Table build() {
        Table t = table.equals("KeyIndex") ? new Larder() : new Jdk();
        for (int i = 0; i < ENTRIES; i++) t.put(tags[i], locations[i]);
        return t;
    }

    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(3);

        int next() {
            return random.nextInt(ENTRIES);
        }
    }

    static final class Larder implements Table {
        final KeyIndex index = new KeyIndex(1024); // the engine's initial capacity

        @Override
        public void put(long tag, long location) {
            index.put(tag, location);
        }

        @Override
        public long find(long tag) {
            return index.find(tag);
        }
    }

    static final class Jdk implements Table {
        final HashMap<Long, Long> map = new HashMap<>();

        @Override
        public void put(long tag, long location) {
            map.put(tag, location);
        }

        @Override
        public long find(long tag) {
            Long location = map.get(tag);
            return location == null ? Location.NONE : location;
        }
    }

    private static long usedHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
