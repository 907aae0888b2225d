package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import dev.larder.disk.DiskStats;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads for about two seconds mixing durable and buffered puts, point and batch reads and
 * deletes on 200 shared keys, whose values name their key, writer and version so that any value
 * read can be checked to belong to that key and be intact; and on keys private to each thread,
 * which must read back as that thread last wrote them, during the run and after it. Batch reads
 * must answer in request order. A small-capacity variant evicts throughout: then a value may be
 * missing, but never wrong or stale.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int SHARED_KEYS = 200;
    private static final int PRIVATE_KEYS = 40;
    private static final long RUN_NS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_OPS_PER_THREAD = 20_000;
    private static final int REGION = 256 << 10;

    @TempDir Path dir;

    @Test
    void roomyCacheKeepsEveryThreadsLastWrite() throws Exception {
        DiskCacheBuilder builder = DiskCache.builder(dir.resolve("data")).capacityBytes(512L << 20).regionSizeBytes(REGION);
        List<Map<String, byte[]>> privateModels;
        try (DiskCache cache = builder.open()) {
            privateModels = runThreads(cache, true);
            DiskStats stats = cache.stats();
            System.out.println("concurrency (roomy): " + stats);
            assertThat(stats.evictedRegions()).as("premise: nothing evicted").isZero();
            assertThat(stats.checksumFailures()).isZero();
        }
        try (DiskCache cache = builder.open()) {
            checkAfterRun(cache, privateModels, true);
        }
    }

    @Test
    void smallCacheEvictingThroughoutNeverReturnsAWrongValue() throws Exception {
        try (DiskCache cache = DiskCache.builder(dir.resolve("data")).capacityBytes(2 * 4096 + 6L * REGION)
                .regionSizeBytes(REGION).open()) {
            runThreads(cache, false);
            DiskStats stats = cache.stats();
            System.out.println("concurrency (evicting): " + stats);
            assertThat(stats.evictedRegions()).as("premise: regions were evicted during the run").isGreaterThan(10);
            // Reads racing an eviction are stale reads (misses), not corruption: nothing here is corrupt.
            assertThat(stats.checksumFailures()).as("checksum failures without any corruption").isZero();
        }
    }

    /** Runs the workers, then checks every private key after a flush; returns each thread's model. */
    private static List<Map<String, byte[]>> runThreads(DiskCache cache, boolean exact) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long deadline = System.nanoTime() + RUN_NS;
        List<Future<Map<String, byte[]>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> work(cache, thread, deadline, exact)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("workers finished").isTrue();
        List<Map<String, byte[]>> models = new ArrayList<>();
        for (Future<Map<String, byte[]>> worker : workers) models.add(worker.get());
        cache.flush();
        checkAfterRun(cache, models, exact);
        return models;
    }

    private static Map<String, byte[]> work(DiskCache cache, int thread, long deadline, boolean exact) {
        SplittableRandom random = new SplittableRandom(thread * 7919L);
        Map<String, byte[]> mine = new HashMap<>(); // this thread's private keys: last value written, null once deleted
        long version = 0;
        for (int ops = 0; ops < MAX_OPS_PER_THREAD && System.nanoTime() < deadline; ops++) {
            int dice = random.nextInt(100);
            String shared = "shared-" + random.nextInt(SHARED_KEYS);
            String own = "private-" + thread + "-" + random.nextInt(PRIVATE_KEYS);
            if (dice < 20) {
                cache.put(b(shared), encode(shared, thread, version++, length(random)));
            } else if (dice < 30) {
                cache.putBuffered(b(shared), encode(shared, thread, version++, length(random)));
            } else if (dice < 50) {
                checkShared(shared, cache.get(b(shared)));
            } else if (dice < 60) {
                batchRead(cache, random, thread, mine, exact);
            } else if (dice < 64) {
                cache.delete(b(shared));
            } else if (dice < 74) {
                byte[] value = encode(own, thread, version++, length(random));
                if (random.nextBoolean()) cache.put(b(own), value);
                else cache.putBuffered(b(own), value);
                mine.put(own, value);
            } else if (dice < 77) {
                cache.delete(b(own));
                mine.put(own, null);
            } else {
                checkPrivate(own, cache.get(b(own)), mine.get(own), exact);
            }
        }
        return mine;
    }

    /** A batch of shared and own keys, some repeated: each answer must belong to the key at its position. */
    private static void batchRead(DiskCache cache, SplittableRandom random, int thread, Map<String, byte[]> mine, boolean exact) {
        List<String> keys = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(16); i < n; i++) {
            keys.add(random.nextInt(3) == 0 ? "private-" + thread + "-" + random.nextInt(PRIVATE_KEYS) : "shared-" + random.nextInt(SHARED_KEYS));
        }
        if (random.nextBoolean()) keys.add(keys.getFirst());
        List<byte[]> values = cache.getAll(keys.stream().map(ConcurrencyTest::b).toList());
        assertThat(values).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key.startsWith("shared-")) checkShared(key, values.get(i));
            else checkPrivate(key, values.get(i), mine.get(key), exact);
        }
    }

    private static void checkAfterRun(DiskCache cache, List<Map<String, byte[]>> models, boolean exact) {
        for (Map<String, byte[]> mine : models) {
            for (var entry : mine.entrySet()) checkPrivate(entry.getKey(), cache.get(b(entry.getKey())), entry.getValue(), exact);
        }
        for (int k = 0; k < SHARED_KEYS; k++) checkShared("shared-" + k, cache.get(b("shared-" + k)));
    }

    private static void checkShared(String key, byte[] value) {
        if (value != null) assertThat(wellFormedFor(key, value)).as("value read for %s is intact and its own", key).isTrue();
    }

    /** Only the owner writes a private key, so it must read exactly the last write (or, while evicting, nothing). */
    private static void checkPrivate(String key, byte[] value, byte[] expected, boolean exact) {
        if (value == null && (expected == null || !exact)) return;
        assertThat(value).as("%s reads back as its owner last wrote it", key).isEqualTo(expected);
    }

    private static int length(SplittableRandom random) {
        int dice = random.nextInt(1000);
        if (dice == 0) return REGION + random.nextInt(REGION / 8); // larger than a region: chunks
        return dice < 900 ? random.nextInt(2_000) : random.nextInt(2_000, 20_000);
    }

    /** [keyLength][key][writer][version][payload derived from all three]. */
    private static byte[] encode(String key, int writer, long version, int payloadBytes) {
        byte[] k = b(key);
        byte[] payload = payload(key, writer, version, payloadBytes);
        return ByteBuffer.allocate(4 + k.length + 4 + 8 + payload.length)
                .putInt(k.length).put(k).putInt(writer).putLong(version).put(payload).array();
    }

    private static boolean wellFormedFor(String key, byte[] value) {
        byte[] k = b(key);
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (value.length < 4 + k.length + 12 || buffer.getInt() != k.length) return false;
        byte[] storedKey = new byte[k.length];
        buffer.get(storedKey);
        if (!key.equals(new String(storedKey, UTF_8))) return false;
        int writer = buffer.getInt();
        long version = buffer.getLong();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return writer >= 0 && writer < THREADS && Arrays.equals(payload, payload(key, writer, version, payload.length));
    }

    private static byte[] payload(String key, int writer, long version, int length) {
        byte[] payload = new byte[length];
        new SplittableRandom(KeyHash.hash(b(key)) ^ (writer * 0x9E3779B97F4A7C15L) ^ version).nextBytes(payload);
        return payload;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
