package dev.larder.tier;

import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.HybridCacheBuilder;
import dev.larder.cache.Larder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashTest}: writes through a write-through {@link HybridCache}
 * (durability BATCH, the default) until it is killed, and prints {@code ACK <key>} after each
 * {@code put} returns and {@code DEL <key>} after each {@code invalidate} returns. Keys are
 * {@code r<round>-t<thread>-k<i>}; values derive from the key alone ({@link #valueFor}). Every
 * key with {@code i % 5 == 2} is invalidated after key {@code i + 2} is written ({@link #deletedAfter}),
 * and every key with {@code i % 7 == 3} is written with a TTL of an hour.
 *
 * <p>Usage: {@code CrashPutter <path> <round> <threads> <maxBytes>}. After {@code maxBytes} of
 * values it prints {@code CAP} and idles, so the disk tier never fills (nothing is evicted).
 */
public final class CrashPutter {
    static final long CAPACITY_BYTES = 256L << 20;
    static final int REGION_BYTES = 1 << 20;
    static final long MEMORY_BYTES = 256 << 10;

    private CrashPutter() {}

    static HybridCacheBuilder<String, byte[]> builder(Path path) {
        return Larder.newBuilder(Codecs.utf8(), Codecs.bytes()).diskPath(path)
                .diskCapacityBytes(CAPACITY_BYTES).diskGeometry(4096, REGION_BYTES).memoryBytes(MEMORY_BYTES);
    }

    static String key(int round, int thread, int i) {
        return "r" + round + "-t" + thread + "-k" + i;
    }

    /** The index of the key whose write is followed by the invalidation of key {@code i}, or -1 if it never is. */
    static int deletedAfter(int i) {
        return i % 5 == 2 ? i + 2 : -1;
    }

    /** 1 byte to 8 KiB. */
    static byte[] valueFor(String key) {
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        byte[] value = new byte[random.nextInt(1, 8 * 1024 + 1)];
        random.nextBytes(value);
        return value;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long maxBytes = Long.parseLong(args[3]);
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        AtomicLong written = new AtomicLong();
        HybridCache<String, byte[]> cache = builder(path).build(); // never closed: the parent kills this process
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().name("crash-putter-" + t).start(() -> {
                for (int i = 0; written.get() < maxBytes; i++) {
                    String key = key(round, thread, i);
                    byte[] value = valueFor(key);
                    written.addAndGet(value.length);
                    if (i % 7 == 3) cache.put(key, value, Duration.ofHours(1));
                    else cache.put(key, value);
                    print(out, "ACK " + key);
                    if (i >= 2 && deletedAfter(i - 2) == i) {
                        String deleted = key(round, thread, i - 2);
                        cache.invalidate(deleted);
                        print(out, "DEL " + deleted);
                    }
                }
            }));
        }
        for (Thread writer : writers) writer.join();
        print(out, "CAP");
        Thread.sleep(60_000); // wait to be killed; the parent never lets this elapse
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
