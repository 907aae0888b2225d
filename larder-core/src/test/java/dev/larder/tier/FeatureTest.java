package dev.larder.tier;

import dev.larder.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.CacheStats;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.HybridCacheBuilder;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hybrid cache's features one by one, through the public API: batch reads, bulk loads,
 * warm-up, refresh-ahead, memory accounting, async calls, argument checks, clear, TTL edge cases,
 * close, and the JFR slow-operation event.
 */
class FeatureTest {
    private static final long WAIT_MS = 10_000;

    @TempDir Path dir;

    private final ManualClock clock = new ManualClock();

    private HybridCacheBuilder<String, String> builder() {
        return Larder.newBuilder(Codecs.utf8(), Codecs.utf8()).diskPath(dir.resolve("cache.dat"))
                .diskCapacityBytes(32 << 20).diskGeometry(4096, 64 << 10).durability(Durability.NONE).clock(clock);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(5);
        }
    }

    private static String value(int i, int length) {
        return HybridCacheModelProperties.text(i, i, length);
    }

    // ---- batch reads and bulk loads

    @Test
    void getAllSendsMemoryMissesToDiskAsOneBatchRead() throws IOException {
        int n = 64;
        try (HybridCache<String, String> cache = builder().build()) {
            for (int i = 0; i < 2 * n; i++) cache.put("key-" + i, value(i, 200));
        }
        try (HybridCache<String, String> cache = builder().build()) { // memory empty: everything is on disk only
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) batch.add("key-" + i);
            long before = cache.stats().disk().readOps();
            Map<String, String> found = cache.getAll(batch);
            long batchReads = cache.stats().disk().readOps() - before;
            assertThat(found).hasSize(n);
            for (int i = 0; i < n; i++) assertThat(found.get("key-" + i)).isEqualTo(value(i, 200));

            before = cache.stats().disk().readOps();
            for (int i = n; i < 2 * n; i++) assertThat(cache.getIfPresent("key-" + i)).isEqualTo(value(i, 200));
            long pointReads = cache.stats().disk().readOps() - before;
            assertThat(pointReads).as("premise: point reads of neighbours count one device read each").isGreaterThanOrEqualTo(n);
            assertThat(batchReads).as("device reads for %d neighbouring keys read as one batch", n).isBetween(1L, n / 16L);

            before = cache.stats().disk().readOps();
            assertThat(cache.getAll(batch)).as("a second batch is served from memory").hasSize(n);
            assertThat(cache.stats().disk().readOps() - before).isZero();
        }
    }

    @Test
    void aKeyAskedForSeveralTimesInOneBatchIsReadOnce() throws IOException {
        try (HybridCache<String, String> cache = builder().build()) {
            cache.put("twice", value(1, 200));
        }
        try (HybridCache<String, String> cache = builder().build()) { // on disk only
            long before = cache.stats().disk().recordsRead();
            assertThat(cache.findAll(List.of("twice", "twice", "absent", "twice", "absent"))).containsOnlyKeys("twice");
            assertThat(cache.stats().disk().recordsRead() - before).isEqualTo(1);
            assertThat(cache.stats().memoryMisses()).as("one miss per distinct key").isEqualTo(2);
        }
    }

    @Test
    void bulkLoaderLoadsOnlyTheMissingKeysInOneCallAndStoresThem() throws IOException {
        try (HybridCache<String, String> cache = builder().build()) {
            cache.put("a", "A");
            cache.put("b", "B");
            List<Set<String>> calls = new ArrayList<>();
            Map<String, String> found = cache.getAll(List.of("a", "b", "c", "d", "e"), missing -> {
                calls.add(Set.copyOf(missing));
                Map<String, String> loaded = new HashMap<>();
                for (String key : missing) if (!key.equals("e")) loaded.put(key, key.toUpperCase());
                return loaded;
            });
            assertThat(calls).containsExactly(Set.of("c", "d", "e"));
            assertThat(found).containsOnly(Map.entry("a", "A"), Map.entry("b", "B"), Map.entry("c", "C"), Map.entry("d", "D"));
            assertThat(cache.getIfPresent("c")).as("loaded values are stored").isEqualTo("C");
            assertThat(cache.getIfPresent("e")).as("a key the loader did not return stays absent").isNull();
            assertThat(cache.stats().loads()).isEqualTo(1);

            calls.clear();
            cache.getAll(List.of("a", "c", "e"), missing -> {
                calls.add(Set.copyOf(missing));
                return Map.of();
            });
            assertThat(calls).containsExactly(Set.of("e"));
            cache.getAll(List.of("a", "c"), missing -> {
                throw new AssertionError("nothing is missing");
            });
        }
    }

    // ---- warm-up

    @Test
    void warmUpFillsMemoryWithTheNewestEntriesWithoutBlockingReads() throws Exception {
        long memoryBytes = 64 << 10;
        int count = 400;
        try (HybridCache<String, String> cache = builder().memoryBytes(memoryBytes).build()) {
            for (int i = 0; i < count; i++) cache.put("w-" + i, value(i, 1_000)); // 25 times the memory budget
        }
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch warmedUp = new CountDownLatch(1);
        HybridCache<String, String> cache = builder().memoryBytes(memoryBytes).warmUp(true)
                .executor(task -> Thread.ofPlatform().name("warm-up").start(() -> {
                    try {
                        if (gate.await(WAIT_MS, TimeUnit.MILLISECONDS)) task.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        warmedUp.countDown();
                    }
                }))
                .build();
        try {
            assertThat(cache.getIfPresent("w-0")).as("read while warm-up has not run").isEqualTo(value(0, 1_000));
            gate.countDown();
            assertThat(warmedUp.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("warm-up finished").isTrue();

            CacheStats afterWarmUp = cache.stats();
            assertThat(afterWarmUp.memoryEntries()).as("memory filled by warm-up").isGreaterThan(40);
            assertThat(afterWarmUp.memoryEvictions()).as("warm-up stops at the budget: it evicts nothing").isZero();
            assertThat(afterWarmUp.memory().memoryTierBytes()).as("within budget").isLessThanOrEqualTo(memoryBytes);
            assertThat(afterWarmUp.diskHits()).as("warm-up is not counted as lookups").isEqualTo(1);

            int recentInMemory = memoryHits(cache, count - 20, count);
            int oldInMemory = memoryHits(cache, 1, 21);
            assertThat(recentInMemory).as("of the 20 newest keys, served from memory").isEqualTo(20);
            assertThat(oldInMemory).as("of the 20 oldest keys, served from memory").isZero();
            assertThat(cache.stats().hitRate()).isBetween(0.0, 1.0);
        } finally {
            cache.close();
        }
    }

    /** Reads keys {@code w-from} to {@code w-(to-1)}; returns how many were memory hits. */
    private static int memoryHits(HybridCache<String, String> cache, int from, int to) {
        int hits = 0;
        for (int i = from; i < to; i++) {
            long before = cache.stats().memoryHits();
            assertThat(cache.getIfPresent("w-" + i)).isEqualTo(value(i, 1_000));
            if (cache.stats().memoryHits() > before) hits++;
        }
        return hits;
    }

    // ---- refresh-ahead

    @Test
    void aHitInTheLastFractionOfTheTtlReloadsInTheBackground() throws Exception {
        AtomicInteger version = new AtomicInteger();
        try (HybridCache<String, String> cache = builder().defaultTtl(Duration.ofMillis(1_000)).refreshAhead(0.2)
                .loader(key -> key + ":" + version.incrementAndGet()).build()) {
            assertThat(cache.get("k")).isEqualTo("k:1");
            clock.advance(700); // 300 ms left: outside the last 20 %
            assertThat(cache.get("k")).isEqualTo("k:1");
            Thread.sleep(50);
            assertThat(cache.stats().loads()).as("no refresh before the window").isEqualTo(1);

            clock.advance(150); // 150 ms left: inside the window
            assertThat(cache.getIfPresent("k")).as("the hit returns the current value at once").isEqualTo("k:1");
            awaitTrue("the background reload", () -> cache.stats().loads() == 2);
            assertThat(cache.getIfPresent("k")).as("the reloaded value").isEqualTo("k:2");
            assertThat(cache.stats().loads()).as("its new deadline is outside the window: no further reload").isEqualTo(2);
            clock.advance(500); // past the first value's deadline, well within the refreshed one's
            assertThat(cache.getIfPresent("k")).isEqualTo("k:2");
        }
    }

    @Test
    void aFailedRefreshIsCountedAndLeavesTheEntryToExpire() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (HybridCache<String, String> cache = builder().defaultTtl(Duration.ofMillis(1_000)).refreshAhead(0.2)
                .loader(key -> {
                    if (calls.incrementAndGet() > 1) throw new IllegalStateException("backend down");
                    return "v1";
                }).build()) {
            assertThat(cache.get("k")).isEqualTo("v1");
            clock.advance(900);
            assertThat(cache.getIfPresent("k")).isEqualTo("v1");
            awaitTrue("the failed refresh is counted", () -> cache.stats().loadFailures() == 1);
            assertThat(cache.stats().loads()).isEqualTo(2);
            assertThat(cache.getIfPresent("k")).as("the entry stays until its deadline").isEqualTo("v1");
            clock.advance(100);
            assertThat(cache.getIfPresent("k")).as("expired").isNull();
        }
    }

    // ---- memory accounting

    @Test
    void memoryStatsStayWithinTheBudgetAndAddUp() throws IOException {
        long memoryBytes = 32 << 10;
        try (HybridCache<String, String> cache = builder().memoryBytes(memoryBytes).build()) {
            for (int i = 0; i < 300; i++) cache.put("m-" + i, value(i, 500));
            for (int i = 0; i < 300; i += 3) cache.getIfPresent("m-" + i);
            CacheStats stats = cache.stats();
            CacheStats.Memory memory = stats.memory();
            assertThat(memory.memoryTierBudgetBytes()).isEqualTo(memoryBytes);
            assertThat(memory.memoryTierBytes()).isPositive().isLessThanOrEqualTo(memoryBytes);
            assertThat(memory.indexBytes()).isEqualTo(stats.disk().indexBytes()).isPositive();
            assertThat(memory.bufferBytes()).isEqualTo(stats.disk().bufferBytes());
            assertThat(memory.totalBytes()).isEqualTo(memory.memoryTierBytes() + memory.indexBytes() + memory.bufferBytes());
            assertThat(stats.memoryEvictions()).as("premise: 300 entries do not fit").isPositive();
            long entryWeight = "m-100".length() + 500 + MemoryEntry.OVERHEAD_BYTES;
            assertThat(stats.averageMemoryEntryBytes()).as("key + value + overhead per entry").isBetween(entryWeight - 10.0, entryWeight + 10.0);
        }
    }

    // ---- async

    @Test
    void asyncCallsCompleteWithTheSameResults() throws Exception {
        try (HybridCache<String, String> cache = builder().loader(key -> "loaded:" + key).build()) {
            cache.putAsync("k", "v").get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(cache.getIfPresent("k")).isEqualTo("v");
            assertThat(cache.getAsync("k").get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("v");
            assertThat(cache.getAsync("x").get(WAIT_MS, TimeUnit.MILLISECONDS)).as("the builder's loader").isEqualTo("loaded:x");
            assertThat(cache.getAsync("y", key -> "given:" + key).get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("given:y");
            assertThat(cache.getIfPresent("y")).isEqualTo("given:y");
            var failed = cache.getAsync("z", key -> {
                throw new IllegalStateException("no z");
            });
            assertThatThrownBy(() -> failed.get(WAIT_MS, TimeUnit.MILLISECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    // ---- argument checks

    @Test
    void nullsAndNonPositiveTtlsAreRejected() throws IOException {
        try (HybridCache<String, String> cache = builder().build()) {
            assertThatThrownBy(() -> cache.put(null, "v")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put("k", "v", (Duration) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put("k", "v", (Instant) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put(null, "v", Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.getIfPresent(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.get(null, key -> "v")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.get("k", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.getAll(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.getAll(List.of("a"), null)).isInstanceOf(NullPointerException.class);
            cache.putAll(Map.of("k", "v"));
            assertThatThrownBy(() -> cache.invalidate(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.put("k", "v", Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.getIfPresent("k")).as("nothing stored by the rejected calls but putAll").isEqualTo("v");
        }
        assertThatThrownBy(() -> Larder.newBuilder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("diskPath");
        assertThatThrownBy(() -> builder().memoryBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().defaultTtl(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().loadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().refreshAhead(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().refreshAhead(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- clear

    @ParameterizedTest
    @EnumSource(AdmissionMode.class)
    void clearEmptiesBothTiersDurably(AdmissionMode admission) throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) keys.add("c-" + i);
        try (HybridCache<String, String> cache = builder().admission(admission).memoryBytes(8 << 10).build()) {
            for (int i = 0; i < keys.size(); i++) cache.put(keys.get(i), value(i, 700)); // most spilled or only on disk
            cache.flush();
            cache.clear();
            for (String key : keys) assertThat(cache.getIfPresent(key)).as(key).isNull();
            assertThat(cache.getAll(keys)).isEmpty();
            assertThat(cache.stats().memoryEntries()).isZero();
            cache.put("after", "clear");
        }
        try (HybridCache<String, String> cache = builder().admission(admission).build()) {
            for (String key : keys) assertThat(cache.getIfPresent(key)).as("%s after reopening", key).isNull();
            assertThat(cache.getIfPresent("after")).isEqualTo("clear");
        }
    }

    // ---- TTL edge cases and close

    @ParameterizedTest
    @EnumSource(AdmissionMode.class)
    void aSubMillisecondTtlExpiresInsteadOfLivingForever(AdmissionMode admission) throws IOException {
        try (HybridCache<String, String> cache = builder().admission(admission).build()) {
            cache.put("k", "v", Duration.ofNanos(300_000));
            assertThat(cache.getIfPresent("k")).isEqualTo("v");
            clock.advance(1);
            assertThat(cache.getIfPresent("k")).as("0.3 ms TTL, 1 ms later").isNull();
        }
        try (HybridCache<String, String> cache = builder().admission(admission).defaultTtl(Duration.ofNanos(1)).build()) {
            cache.put("d", "v");
            clock.advance(1);
            assertThat(cache.getIfPresent("d")).as("1 ns default TTL, 1 ms later").isNull();
        }
        try (HybridCache<String, String> cache = builder().admission(admission).build()) {
            assertThat(cache.getIfPresent("k")).as("after reopening").isNull();
            assertThat(cache.getIfPresent("d")).as("after reopening").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(AdmissionMode.class)
    void aTtlOfCenturiesOrForeverKeepsTheEntry(AdmissionMode admission) throws IOException {
        try (HybridCache<String, String> cache = builder().admission(admission).build()) {
            cache.put("centuries", "v", Duration.ofDays(365L * 1_000));
            cache.put("forever", "v", ChronoUnit.FOREVER.getDuration());
            clock.advance(Duration.ofDays(365L * 100).toMillis());
            assertThat(cache.getIfPresent("centuries")).isEqualTo("v");
            assertThat(cache.getIfPresent("forever")).isEqualTo("v");
            assertThat(cache.stats().memoryHits()).as("served from memory, not expired there").isEqualTo(2);
        }
        try (HybridCache<String, String> cache = builder().admission(admission).build()) {
            assertThat(cache.getIfPresent("centuries")).as("after reopening").isEqualTo("v");
            assertThat(cache.getIfPresent("forever")).as("after reopening").isEqualTo("v");
        }
    }

    @Test
    void closeIsIdempotentAndLaterWritesAreRefused() throws IOException {
        HybridCache<String, String> cache = builder().build();
        cache.put("k", "v");
        cache.close();
        cache.close();
        assertThatThrownBy(() -> cache.put("j", "v")).isInstanceOf(IllegalStateException.class);
        try (HybridCache<String, String> reopened = builder().build()) {
            assertThat(reopened.getIfPresent("k")).isEqualTo("v");
        }
    }

    @Test
    void byteArrayKeysMatchByContent() throws IOException {
        try (HybridCache<byte[], byte[]> cache = Larder.newBuilder().diskPath(dir.resolve("bytes.dat"))
                .diskCapacityBytes(16 << 20).diskGeometry(4096, 64 << 10).build()) {
            cache.put(new byte[] {1, 2, 3}, new byte[] {9});
            assertThat(cache.getIfPresent(new byte[] {1, 2, 3})).isEqualTo(new byte[] {9});
            byte[] key = {1, 2, 3};
            assertThat(cache.getAll(List.of(key))).containsOnlyKeys(key);
            cache.invalidate(new byte[] {1, 2, 3});
            assertThat(cache.getIfPresent(key)).isNull();
        }
    }

    // ---- JFR

    @Test
    void slowOperationsAreRecordedAsJfrEvents() throws Exception {
        Path jfr = dir.resolve("slow.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.larder.SlowOperation").withThreshold(Duration.ZERO);
            recording.start();
            try (HybridCache<String, String> cache = builder().slowOperationThreshold(Duration.ZERO).build()) {
                cache.put("k", "v");
                cache.getIfPresent("missing");
            }
            recording.stop();
            recording.dump(jfr);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("dev.larder.SlowOperation")).toList();
        assertThat(events).extracting(e -> e.getString("operation")).contains("put", "get");
        assertThat(events).allSatisfy(e -> assertThat(e.getDuration().toNanos()).isNotNegative());
        AtomicReference<RecordedEvent> put = new AtomicReference<>();
        events.stream().filter(e -> e.getString("operation").equals("put")).findFirst().ifPresent(put::set);
        assertThat(put.get().getInt("keyBytes")).isEqualTo(1);
    }
}
