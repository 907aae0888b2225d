package dev.larder.bench.jmh;

import dev.larder.disk.DiskCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm {@code get()} of 4 KiB values from a {@link DiskCache} ({@code mappedReads} true: served
 * from the read-only mapping; false: a positional read into a pooled direct buffer, then a copy),
 * beside the plain-Java peer measured in the same run: {@code fileChannelRead}, a
 * {@link FileChannel} positional read of 4 KiB into a fresh heap {@code byte[]} from a file of the
 * same number of 4 KiB values. Everything is in the page cache (each state reads all its data once
 * in setup), keys are uniformly random, and both sides return a fresh array, as
 * {@code DiskCache.get} does. The peer does not depend on {@code mappedReads}, so JMH runs it once.
 *
 * <p>Run from the repository root (after {@code mvn install -DskipTests -pl larder-core,larder-bench}
 * and {@code mvn dependency:build-classpath -pl larder-bench -Dmdep.outputFile=/tmp/bench.cp}):
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp larder-bench/target/classes:$(cat /tmp/bench.cp) \
 *     org.openjdk.jmh.Main DiskCacheGetBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DiskCacheGetBenchmark {
    static final int VALUE_BYTES = 4096;
    static final int VALUES = 1 << 15; // 128 MiB of values; 256 MiB of Larder file (8 KiB records)

    @State(Scope.Benchmark)
    public static class Larder {
        @Param({"true", "false"})
        boolean mappedReads;

        Path dir;
        DiskCache cache;
        byte[][] keys = new byte[VALUES][];

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("larder-jmh-get-");
            cache = DiskCache.builder(dir.resolve("data")).capacityBytes(320L << 20).mappedReads(mappedReads).open();
            byte[] value = randomBytes(VALUE_BYTES);
            for (int i = 0; i < VALUES; i++) cache.putBuffered(keys[i] = key(i), value);
            cache.flush();
            for (byte[] key : keys) {
                if (cache.get(key) == null) throw new IllegalStateException("setup: a written key missed");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            cache.close();
            deleteTree(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class PlainFile {
        Path dir;
        FileChannel channel;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("larder-jmh-peer-");
            Path file = dir.resolve("values");
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ByteBuffer chunk = ByteBuffer.wrap(randomBytes(1 << 20));
            for (long pos = 0; pos < (long) VALUES * VALUE_BYTES; ) {
                chunk.clear();
                while (chunk.hasRemaining()) pos += channel.write(chunk, pos);
            }
            channel.force(false);
            ByteBuffer all = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; channel.read(all.clear(), pos) > 0; pos += all.position()) { } // page cache warm
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            deleteTree(dir);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(1);

        int next() {
            return random.nextInt(VALUES);
        }
    }

    @Benchmark
    public byte[] larderGet(Larder larder, Cursor cursor) {
        return larder.cache.get(larder.keys[cursor.next()]);
    }

    @Benchmark
    public byte[] fileChannelRead(PlainFile file, Cursor cursor) throws IOException {
        byte[] value = new byte[VALUE_BYTES];
        ByteBuffer dst = ByteBuffer.wrap(value);
        long position = (long) cursor.next() * VALUE_BYTES;
        while (dst.hasRemaining()) file.channel.read(dst, position + dst.position());
        return value;
    }

    static byte[] key(int i) {
        return ByteBuffer.allocate(16).putLong(0x6a6d68L).putLong(i).array();
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SplittableRandom(n).nextBytes(bytes);
        return bytes;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
