package dev.larder.tier;

import dev.larder.testing.ManualClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.Codec;
import dev.larder.cache.Codecs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two tiers never disagree, and never serve a value older than one already written.
 *
 * <p>Under load: writers (puts and invalidations of a few keys), point readers and batch readers
 * run together over a memory tier that holds two or three entries, so every write evicts (and in
 * write-on-evict spills) and most reads promote. Every read must be a value some writer wrote
 * for that key, and no reader may see a writer's value older than one it already saw from that
 * writer. Afterwards both tiers hold, for each key, the same value: the last operation of one of
 * the writers.
 *
 * <p>Interleavings: each test below reproduces one race deterministically, by running the other
 * thread's step from a hook in the disk tier ({@link ScriptedDisk}) or the key codec, and uses a
 * key made hot beforehand (read often) so that putting it evicts exactly the entry the test needs
 * evicted: W-TinyLFU admits the more frequent key over the resident one.
 */
class TierConsistencyTest {
    private static final int KEYS = 4;
    private static final int WRITERS = 4;
    private static final int POINT_READERS = 2;
    private static final int BATCH_READERS = 2;
    private static final long RUN_MS = 1_500;
    private static final int MAX_OPS_PER_THREAD = 200_000;

    /** Memory for one of the 100-character entries below, not two. */
    private static final long ONE_ENTRY_BYTES = 400;
    private static final String V1 = "v1" + "a".repeat(98);
    private static final String V2 = "v2" + "b".repeat(98);
    private static final String HOT_VALUE = "h".repeat(100);

    @TempDir Path dir;

    private final ManualClock clock = new ManualClock();
    private ScriptedDisk disk;

    private TieredCache<String, String> open(AdmissionMode admission, long memoryBytes) throws IOException {
        return open(admission, memoryBytes, Codecs.utf8());
    }

    // ---- under load

    @ParameterizedTest
    @EnumSource(AdmissionMode.class)
    void concurrentWritersAndReadersLeaveBothTiersAgreeingOnALastWrite(AdmissionMode admission) throws Exception {
        TieredCache<String, String> cache = open(admission, 2_048);
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MS);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // lastOp[writer][key]: the value of that writer's last operation on the key (null: invalidated)
        @SuppressWarnings("unchecked") AtomicReference<String>[][] lastOp = new AtomicReference[WRITERS][KEYS];
        boolean[][] touched = new boolean[WRITERS][KEYS];
        for (var row : lastOp) for (int k = 0; k < KEYS; k++) row[k] = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> guard(failures, () -> {
                SplittableRandom random = new SplittableRandom(writer);
                for (int seq = 0; seq < MAX_OPS_PER_THREAD && System.nanoTime() < deadlineNs; seq++) {
                    int k = random.nextInt(KEYS);
                    if (random.nextInt(10) == 0) {
                        cache.invalidate(key(k));
                        lastOp[writer][k].set(null);
                    } else {
                        String value = valueOf(k, writer, seq);
                        cache.put(key(k), value);
                        lastOp[writer][k].set(value);
                    }
                    touched[writer][k] = true;
                }
            })));
        }
        for (int r = 0; r < POINT_READERS + BATCH_READERS; r++) {
            boolean batch = r >= POINT_READERS;
            int reader = r;
            threads.add(Thread.ofPlatform().name("reader-" + r).start(() -> guard(failures, () -> {
                SplittableRandom random = new SplittableRandom(100 + reader);
                int[][] lastSeen = new int[KEYS][WRITERS]; // highest seq seen per key and writer
                for (int[] row : lastSeen) Arrays.fill(row, -1);
                for (int i = 0; i < MAX_OPS_PER_THREAD && System.nanoTime() < deadlineNs; i++) {
                    if (batch) {
                        List<String> keys = List.of(key(random.nextInt(KEYS)), key(random.nextInt(KEYS)), key(random.nextInt(KEYS)));
                        Map<String, String> found = cache.getAll(keys);
                        for (var e : found.entrySet()) checkRead(e.getKey(), e.getValue(), lastSeen);
                    } else {
                        String key = key(random.nextInt(KEYS));
                        checkRead(key, cache.getIfPresent(key), lastSeen);
                    }
                }
            })));
        }
        for (Thread t : threads) {
            t.join(RUN_MS + 30_000);
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
        assertThat(failures).as("failures in the worker threads").isEmpty();

        var stats = cache.stats();
        assertThat(stats.memoryEvictions()).as("premise: memory evictions").isPositive();
        assertThat(stats.diskHits()).as("premise: promotions from disk").isPositive();
        if (admission == AdmissionMode.WRITE_ON_EVICT) assertThat(stats.spills()).as("premise: spills").isPositive();

        Map<String, String> fromMemory = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            String value = cache.getIfPresent(key(k));
            fromMemory.put(key(k), value);
            Set<String> candidates = new HashSet<>();
            boolean anyWriter = false;
            for (int w = 0; w < WRITERS; w++) {
                if (touched[w][k]) {
                    candidates.add(lastOp[w][k].get());
                    anyWriter = true;
                }
            }
            assertThat(anyWriter).as("premise: key %d was written", k).isTrue();
            assertThat(candidates).as("key %d holds the last operation of some writer", k).contains(value);
            if (admission == AdmissionMode.WRITE_THROUGH) {
                assertThat(string(disk.get(key(k).getBytes(UTF_8)))).as("disk tier for key %d, while open", k).isEqualTo(value);
            }
        }
        cache.close();
        TieredCache<String, String> reopened = open(admission, 1 << 20);
        try {
            for (int k = 0; k < KEYS; k++) {
                assertThat(reopened.getIfPresent(key(k))).as("key %d after reopening (from disk)", k).isEqualTo(fromMemory.get(key(k)));
            }
        } finally {
            reopened.close();
        }
    }

    private static void guard(ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private static String key(int k) {
        return "key-" + k;
    }

    /** {@code key|writer|seq|} then padding derived from all three, 50 to 750 characters in all. */
    private static String valueOf(int k, int writer, int seq) {
        StringBuilder value = new StringBuilder().append(k).append('|').append(writer).append('|').append(seq).append('|');
        SplittableRandom random = new SplittableRandom(((long) k * WRITERS + writer) * 1_000_003L + seq);
        int length = 50 + random.nextInt(700);
        while (value.length() < length) value.append((char) ('a' + random.nextInt(26)));
        return value.toString();
    }

    /** A read is null or a well-formed value of that key, not older than this reader saw from its writer. */
    private static void checkRead(String key, String value, int[][] lastSeen) {
        if (value == null) return;
        String[] parts = value.split("\\|", 4);
        int k = Integer.parseInt(key.substring(4));
        int writer = Integer.parseInt(parts[1]);
        int seq = Integer.parseInt(parts[2]);
        assertThat(parts[0]).as("value read for %s belongs to it", key).isEqualTo(Integer.toString(k));
        assertThat(value).as("value read for %s is intact", key).isEqualTo(valueOf(k, writer, seq));
        assertThat(seq).as("%s: writer %d's value went back in time", key, writer).isGreaterThanOrEqualTo(lastSeen[k][writer]);
        lastSeen[k][writer] = seq;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    // ---- interleavings

    /** Makes {@code hot} more frequent than any key written once: putting it evicts the other resident entry. */
    private static void makeHot(TieredCache<String, String> cache, String hot) {
        cache.put(hot, HOT_VALUE);
        for (int i = 0; i < 10; i++) cache.getIfPresent(hot);
        cache.invalidate(hot);
    }

    /** Write-on-evict: an eviction that spills k while k is being invalidated must not bring k back. */
    @Test
    void invalidationRacingASpillDoesNotResurrectTheValue() throws IOException {
        TieredCache<String, String> cache = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        makeHot(cache, "hot");
        cache.put("k", V1);
        AtomicBoolean raced = new AtomicBoolean();
        disk.afterNextDeleteBuffered(() -> { // another thread's write, between the two tiers' removals of k
            cache.put("hot", HOT_VALUE);
            raced.set(true);
        });
        cache.invalidate("k");
        assertThat(raced).as("premise: the racing write ran").isTrue();
        assertThat(cache.getIfPresent("k")).as("k after its invalidation").isNull();
        cache.close();
        TieredCache<String, String> reopened = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        assertThat(reopened.getIfPresent("k")).as("k after reopening").isNull();
        reopened.close();
    }

    /** Write-on-evict: flush copies memory to disk; an entry invalidated meanwhile must not be copied back. */
    @Test
    void flushRacingAnInvalidationDoesNotResurrectTheValue() throws IOException {
        TieredCache<String, String> cache = open(AdmissionMode.WRITE_ON_EVICT, 1 << 20);
        List<String> others = List.of("a", "b", "c", "d", "e", "f", "g");
        for (String key : others) cache.put(key, V2);
        cache.put("k", V1);
        disk.afterNextPutBuffered(() -> cache.invalidate("k")); // another thread, while flush spills
        cache.flush();
        assertThat(disk.putBufferedKeys).as("premise: flush spilled another key before k's turn").isNotEmpty();
        assertThat(disk.putBufferedKeys.getFirst()).as("premise: flush spilled another key before k's turn").isNotEqualTo("k");
        assertThat(cache.getIfPresent("k")).as("k after its invalidation").isNull();
        cache.close();
        TieredCache<String, String> reopened = open(AdmissionMode.WRITE_ON_EVICT, 1 << 20);
        assertThat(reopened.getIfPresent("k")).as("k after reopening").isNull();
        for (String key : others) assertThat(reopened.getIfPresent(key)).as(key).isEqualTo(V2);
        reopened.close();
    }

    /** A String key codec that runs a test's hook (once) when it encodes a given key. */
    private static final class HookedKeyCodec implements Codec<String> {
        private final AtomicReference<Runnable> hook = new AtomicReference<>();
        private volatile String hookedKey;

        void onNextEncode(String key, Runnable action) {
            hookedKey = key;
            hook.set(action);
        }

        @Override
        public byte[] encode(String key) {
            Runnable action = key.equals(hookedKey) ? hook.getAndSet(null) : null;
            if (action != null) action.run();
            return Codecs.utf8().encode(key);
        }

        @Override
        public String decode(byte[] bytes) {
            return Codecs.utf8().decode(bytes);
        }
    }

    private TieredCache<String, String> open(AdmissionMode admission, long memoryBytes, Codec<String> keyCodec) throws IOException {
        disk = new ScriptedDisk(TestCaches.disk(dir.resolve("cache.dat"), clock));
        var defaults = TestCaches.settings(admission, memoryBytes, clock);
        return new TieredCache<>(disk, new TieredCache.Settings<>(keyCodec, Codecs.utf8(), memoryBytes, 0, admission,
                defaults.executor(), null, defaults.loadTimeout(), 0, false, defaults.slowThresholdNs(), clock, null, false));
    }

    /**
     * Write-on-evict: getAll reads the disk without locks. If, after it read k's old disk copy, a
     * newer value of k is written and spilled, getAll must not promote the old copy over it.
     */
    @Test
    void batchReadRacingASpillDoesNotPromoteAnOlderValue() throws IOException {
        var keyCodec = new HookedKeyCodec();
        TieredCache<String, String> cache = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES, keyCodec);
        makeHot(cache, "hot");
        cache.put("k", V1);
        cache.put("hot", HOT_VALUE); // evicts k: V1 is spilled
        cache.invalidate("hot"); // memory is empty, the disk holds k = V1
        assertThat(cache.stats().spills()).as("premise: k = V1 was spilled").isEqualTo(1);

        keyCodec.onNextEncode("k", () -> cache.put("k", V2)); // another thread writes k while getAll looks it up...
        AtomicReference<List<String>> spilledAfterBatchRead = new AtomicReference<>();
        disk.afterNextGetAllEntries(() -> { // ...and k = V2 is spilled after the batch read
            int before = disk.putBufferedKeys.size();
            cache.put("hot", HOT_VALUE);
            spilledAfterBatchRead.set(List.copyOf(disk.putBufferedKeys.subList(before, disk.putBufferedKeys.size())));
        });
        Map<String, String> found = cache.getAll(List.of("k"));
        assertThat(spilledAfterBatchRead.get()).as("premise: k = V2 was spilled after the batch read").containsExactly("k");
        assertThat(found.get("k")).as("getAll ran alongside the write: either value").isIn(V1, V2);
        assertThat(cache.getIfPresent("k")).as("k after the write of V2 returned").isEqualTo(V2);
        cache.close();
        TieredCache<String, String> reopened = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        assertThat(reopened.getIfPresent("k")).as("k after reopening").isEqualTo(V2);
        reopened.close();
    }

    /**
     * Warm-up reads disk entries without locks. If k is rewritten (and, too large for memory, lives
     * only on disk) between warm-up's read and its promotion, warm-up must not install the old value.
     */
    @Test
    void warmUpRacingAWriteDoesNotPromoteAnOlderValue() throws Exception {
        long memoryBytes = 4_096;
        String big = "B".repeat(5_000); // heavier than the whole memory tier: evicted as soon as it is put
        TieredCache<String, String> first = open(AdmissionMode.WRITE_THROUGH, memoryBytes);
        first.put("k", V1);
        first.close();

        disk = new ScriptedDisk(TestCaches.disk(dir.resolve("cache.dat"), clock));
        AtomicReference<TieredCache<String, String>> cacheRef = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch warmedUp = new CountDownLatch(1);
        AtomicBoolean raced = new AtomicBoolean();
        disk.beforeFirstRecentVisit(() -> { // warm-up has read k = V1; another thread writes k now
            try {
                assertThat(opened.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            cacheRef.get().put("k", big);
            raced.set(true);
        });
        var defaults = TestCaches.settings(AdmissionMode.WRITE_THROUGH, memoryBytes, clock);
        var cache = new TieredCache<>(disk, new TieredCache.Settings<>(Codecs.utf8(), Codecs.utf8(), memoryBytes, 0,
                AdmissionMode.WRITE_THROUGH, task -> Thread.ofPlatform().name("warm-up").start(() -> {
                    try {
                        task.run();
                    } finally {
                        warmedUp.countDown();
                    }
                }), null, defaults.loadTimeout(), 0, true, defaults.slowThresholdNs(), clock, null, false));
        cacheRef.set(cache);
        opened.countDown();
        assertThat(warmedUp.await(10, TimeUnit.SECONDS)).as("warm-up finished").isTrue();
        assertThat(raced).as("premise: the write ran while warm-up held k's old value").isTrue();
        assertThat(cache.getIfPresent("k")).as("k after the write returned").isEqualTo(big);
        cache.close();
    }

    /**
     * Write-on-evict: an entry with a TTL lives only in memory. Once it expires (Caffeine hides it
     * before evicting it), an older copy of the key spilled earlier must not be served instead.
     */
    @Test
    void expiredEntryDoesNotExposeAnOlderSpilledCopy() throws IOException {
        TieredCache<String, String> cache = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        makeHot(cache, "hot");
        cache.put("k", V1);
        cache.put("hot", HOT_VALUE); // evicts k: V1 is spilled
        cache.invalidate("hot");
        assertThat(cache.stats().spills()).as("premise: k = V1 was spilled").isEqualTo(1);
        cache.put("k", V2, Duration.ofMillis(100));
        assertThat(cache.getIfPresent("k")).isEqualTo(V2);

        clock.advance(100);
        assertThat(cache.getIfPresent("k")).as("k once V2 expired").isNull();
        assertThat(cache.getAll(List.of("k"))).as("k once V2 expired, batch read").isEmpty();
        cache.close();
        TieredCache<String, String> reopened = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        assertThat(reopened.getIfPresent("k")).as("k after reopening").isNull();
        reopened.close();
    }

    /**
     * Write-on-evict: an entry evicted for size just before its deadline, and spilled once the
     * deadline has passed (the clock moves on while the eviction runs), is dead and must not be
     * spilled as an entry that never expires.
     */
    @Test
    void entryEvictedAsItsDeadlinePassesIsNotSpilledAsImmortal() throws IOException {
        var keyCodec = new HookedKeyCodec();
        TieredCache<String, String> cache = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES, keyCodec);
        makeHot(cache, "hot");
        cache.put("k", V1, Duration.ofMillis(100));
        clock.advance(99);
        keyCodec.onNextEncode("k", () -> clock.advance(1)); // the spill encodes k: its deadline passes then
        long spillsBefore = cache.stats().spills();
        cache.put("hot", HOT_VALUE); // evicts k, live at the eviction's start
        assertThat(clock.millis()).as("premise: k was evicted for size while its deadline passed").isEqualTo(ManualClock.START_MS + 100);
        assertThat(cache.getIfPresent("k")).as("k at its deadline").isNull();
        clock.advance(Duration.ofDays(1).toMillis());
        assertThat(cache.getIfPresent("k")).as("k a day later").isNull();
        assertThat(cache.stats().spills()).as("a dead entry is not spilled").isEqualTo(spillsBefore);
        cache.close();
        TieredCache<String, String> reopened = open(AdmissionMode.WRITE_ON_EVICT, ONE_ENTRY_BYTES);
        assertThat(reopened.getIfPresent("k")).as("k after reopening").isNull();
        reopened.close();
    }
}
