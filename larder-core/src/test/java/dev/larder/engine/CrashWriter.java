package dev.larder.engine;

import dev.larder.disk.DiskCache;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashRecoveryTest}: writes until it is killed and prints
 * {@code ACK <key>} once each write is durable (after {@code put} returns or, in buffered mode,
 * after the {@code flush()} or, in written mode, the {@code writeOut()} that covers it). Keys are {@code r<round>-t<thread>-k<i>}; values are
 * derived from the key alone ({@link #valueFor}), so the parent can check any key it finds.
 *
 * <p>Usage: {@code CrashWriter <path> <round> <threads> durable|buffered|written <maxBytes>}. After
 * {@code maxBytes} it prints {@code CAP} and idles, so the file never fills (nothing is evicted).
 */
public final class CrashWriter {
    static final int REGION_BYTES = 1 << 20;
    static final long CAPACITY_BYTES = 1L << 30;
    static final int BUFFERED_BATCH = 8;

    private CrashWriter() {}

    static DiskCache open(Path path) throws IOException {
        return DiskCache.builder(path).capacityBytes(CAPACITY_BYTES).regionSizeBytes(REGION_BYTES).open();
    }

    static String key(int round, int thread, int i) {
        return "r" + round + "-t" + thread + "-k" + i;
    }

    /** 1 byte to 20 KiB, and one value in 300 between one and two and a half regions (stored in chunks). */
    static byte[] valueFor(String key) {
        SplittableRandom random = new SplittableRandom(KeyHash.hash(key.getBytes(StandardCharsets.UTF_8)));
        int length = random.nextInt(300) == 0
                ? random.nextInt(REGION_BYTES + 1, REGION_BYTES * 5 / 2)
                : random.nextInt(1, 20 * 1024 + 1);
        byte[] value = new byte[length];
        random.nextBytes(value);
        return value;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        boolean buffered = !args[3].equals("durable");
        boolean writtenOnly = args[3].equals("written"); // writeOut() instead of flush(): survives kill -9, not power loss
        long maxBytes = Long.parseLong(args[4]);
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        AtomicLong written = new AtomicLong();
        DiskCache cache = open(path); // never closed: the parent kills this process
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().name("crash-writer-" + t).start(() -> {
                List<String> unacked = new ArrayList<>();
                for (int i = 0; written.get() < maxBytes; i++) {
                    String key = key(round, thread, i);
                    byte[] value = valueFor(key);
                    written.addAndGet(value.length);
                    if (!buffered) {
                        cache.put(key.getBytes(StandardCharsets.UTF_8), value);
                        ack(out, List.of(key));
                        continue;
                    }
                    cache.putBuffered(key.getBytes(StandardCharsets.UTF_8), value);
                    unacked.add(key);
                    if (unacked.size() == BUFFERED_BATCH) {
                        if (writtenOnly) cache.writeOut();
                        else cache.flush();
                        ack(out, unacked);
                        unacked.clear();
                    }
                }
            }));
        }
        for (Thread writer : writers) writer.join();
        synchronized (out) {
            out.println("CAP");
            out.flush();
        }
        Thread.sleep(60_000); // wait to be killed; the parent never lets this elapse
    }

    private static void ack(PrintStream out, List<String> keys) {
        synchronized (out) {
            for (String key : keys) out.println("ACK " + key);
            out.flush();
        }
    }
}
