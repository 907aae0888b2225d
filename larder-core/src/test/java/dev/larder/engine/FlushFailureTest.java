package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.disk.DiskCache;
import dev.larder.disk.Durability;
import dev.larder.io.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A device write or sync that fails (injected through {@link FaultyDevice}): every caller waiting
 * on the failed batch gets an {@link UncheckedIOException}; the failed writes leave no trace
 * (overwritten keys show their last durable value, new keys are absent, buffered writes of the
 * batch vanish); reads keep working while writes are refused; and the file reopens with the
 * durable data intact. A read error while evicting fails only the write that needed the space.
 */
class FlushFailureTest {
    private static final int BLOCK = 4096;
    private static final int REGION = 64 << 10;
    private static final long ONE_HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @TempDir Path dir;

    @Test
    void failedBatchFailsEveryWaiterAndLeavesNoTrace() throws Exception {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 64L * REGION, Durability.BATCH, TimeUnit.MILLISECONDS.toNanos(10));
        Map<String, byte[]> durable = new LinkedHashMap<>();
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            put(cache, durable, "a", value(1, 100));
            for (int i = 0; i < 60; i++) { // several regions, so durable values are read from the device too
                String key = "d-" + i;
                durable.put(key, value(100 + i, 3000));
                cache.putBuffered(b(key), durable.get(key));
            }
            cache.flush();

            device.get().holdNextWrite();
            long putsBefore = cache.stats().puts() + 1; // counting the primer
            Future<?> primer = pool.submit(() -> cache.put(b("primer"), b("first batch")));
            assertThat(device.get().awaitWriteParked(10_000)).as("the primer's batch is being written").isTrue();
            List<Future<?>> waiters = new ArrayList<>();
            for (String key : List.of("a", "new-1", "new-2", "d-5")) {
                waiters.add(pool.submit(() -> cache.put(b(key), b("never durable: " + key))));
            }
            awaitTrue("the four waiters appended", () -> cache.stats().puts() == putsBefore + 4);
            cache.putBuffered(b("buffered"), b("in the failing batch"));
            device.get().failWrites();
            device.get().releaseHeldWrite();

            primer.get(10, TimeUnit.SECONDS); // its own batch was written before the failure
            for (Future<?> waiter : waiters) {
                assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(UncheckedIOException.class)
                        .hasRootCauseMessage(FaultyDevice.ENOSPC);
            }

            assertDurableStateVisible(cache, durable);
            assertThat(cache.get(b("primer"))).isEqualTo(b("first batch"));
            assertWritesRefused(cache);
            assertThatThrownBy(cache::close).as("close cannot flush a failed cache and says so")
                    .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage(FaultyDevice.ENOSPC);
            cache.close(); // idempotent
        } finally {
            pool.shutdownNow();
        }

        try (DiskCache reopened = RegionEngine.open(config)) {
            assertDurableStateVisible(reopened, durable);
            assertThat(reopened.get(b("primer"))).isEqualTo(b("first batch"));
            reopened.put(b("after"), b("healthy again"));
            assertThat(reopened.get(b("after"))).isEqualTo(b("healthy again"));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void failedFlushThrowsToTheCallerAndDropsTheBatch(Durability durability) throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 16L * REGION, durability, ONE_HOUR_NS); // flushes only when asked
        Map<String, byte[]> durable = new LinkedHashMap<>();
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        put(cache, durable, "a", value(1, 500));
        cache.flush();
        cache.putBuffered(b("a"), b("overwrite, never durable"));
        cache.putBuffered(b("b"), b("new, never durable"));
        device.get().failWrites();

        assertThatThrownBy(cache::flush).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage(FaultyDevice.ENOSPC);
        assertDurableStateVisible(cache, durable);
        assertWritesRefused(cache);
        assertThatThrownBy(cache::close).isInstanceOf(UncheckedIOException.class);

        try (DiskCache reopened = RegionEngine.open(config)) {
            assertDurableStateVisible(reopened, durable);
        }
    }

    @Test
    void backgroundFlushFailureRefusesLaterWrites() throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 16L * REGION, Durability.BATCH, TimeUnit.MILLISECONDS.toNanos(1));
        Map<String, byte[]> durable = new LinkedHashMap<>();
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        put(cache, durable, "a", value(1, 500));
        device.get().failWrites();
        cache.putBuffered(b("a"), b("overwrite, never durable")); // the flusher thread writes it within a millisecond

        awaitTrue("the background flush failed and writes are refused", () -> {
            try {
                cache.putBuffered(b("probe"), b("x"));
                return false;
            } catch (UncheckedIOException e) {
                return true;
            }
        });
        assertDurableStateVisible(cache, durable);
        assertThat(cache.get(b("probe"))).isNull();
        assertWritesRefused(cache);
        assertThatThrownBy(cache::close).isInstanceOf(UncheckedIOException.class);
        try (DiskCache reopened = RegionEngine.open(config)) {
            assertDurableStateVisible(reopened, durable);
            assertThat(reopened.get(b("probe"))).isNull();
        }
    }

    /**
     * After a failed {@code fdatasync} the bytes were handed to the kernel, so whether they are on
     * disk is unknown: the running cache must show the last durable value, and after reopening a
     * key may show either that or the attempted one, but nothing else.
     */
    @Test
    void failedSyncShowsTheDurableValueAndReopensWithOneOfTheTwo() throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 16L * REGION, Durability.BATCH, TimeUnit.MILLISECONDS.toNanos(10));
        Map<String, byte[]> durable = new LinkedHashMap<>();
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        put(cache, durable, "a", value(1, 500));
        put(cache, durable, "b", value(2, 500));
        device.get().failSyncs();

        assertThatThrownBy(() -> cache.put(b("a"), b("attempted"))).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage(FaultyDevice.ENOSPC);
        assertDurableStateVisible(cache, durable);
        assertWritesRefused(cache);
        assertThatThrownBy(cache::close).isInstanceOf(UncheckedIOException.class);

        try (DiskCache reopened = RegionEngine.open(config)) {
            assertThat(reopened.get(b("a"))).isIn(durable.get("a"), b("attempted"));
            assertThat(reopened.get(b("b"))).isEqualTo(durable.get("b"));
        }
    }

    /**
     * The undo log must not restore an index entry into a region that was reclaimed while the
     * failed batch was pending: the key's durable record is gone with the region.
     */
    @Test
    void failureAfterAnEvictionLeavesNoEntryIntoTheReclaimedRegion() throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 4L * REGION, Durability.BATCH, ONE_HOUR_NS);
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        byte[] v1 = value(1, 1000);
        cache.put(b("k"), v1); // first record of region 0, which will be evicted first
        int filler = 0;
        while (cache.stats().sealedRegions() < 3 && filler < 10_000) cache.putBuffered(b("filler-" + filler++), value(filler, 3000));
        assertThat(cache.stats().sealedRegions()).as("premise: every region but the open one is sealed").isEqualTo(3);
        cache.flush(); // regions 0-2 sealed, 3 open: no free region left
        assertThat(cache.stats().evictedRegions()).isZero();

        device.get().failWrites();
        cache.putBuffered(b("k"), b("never durable")); // its undo entry points back into region 0
        for (int limit = filler + 10_000; cache.stats().evictedRegions() == 0 && filler < limit; ) {
            cache.putBuffered(b("filler-" + filler++), value(filler, 3000));
        }
        assertThat(cache.stats().evictedRegions()).as("premise: a region was evicted").isPositive();
        assertThatThrownBy(cache::flush).isInstanceOf(UncheckedIOException.class);

        assertThat(cache.get(b("k"))).isNull();
        int readable = 0;
        for (int i = 0; i < filler; i++) if (cache.get(b("filler-" + i)) != null) readable++;
        assertThat(cache.stats().indexEntries()).as("every index entry leads to a value").isEqualTo(readable);
        assertThatThrownBy(cache::close).isInstanceOf(UncheckedIOException.class);

        try (DiskCache reopened = RegionEngine.open(config)) {
            // The eviction was never made durable, so region 0 may come back with the last durable value.
            assertThat(reopened.get(b("k"))).isIn(null, v1);
        }
    }

    /**
     * A read error while evicting (the reclaimer reads the victim region whole) fails the append
     * that needed the space, and nothing else: the victim keeps its data and its place in the
     * eviction order, and eviction proceeds normally once reads work again.
     */
    @Test
    void readErrorDuringEvictionFailsOnlyTheWriteThatNeededSpace() throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 4L * REGION, Durability.BATCH, ONE_HOUR_NS);
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        DiskCache cache = RegionEngine.open(config, d -> wrap(d, device));
        Map<String, byte[]> written = new LinkedHashMap<>();
        int next = 0;
        while (cache.stats().sealedRegions() < 3 && next < 10_000) put(cache, written, "k" + next, value(next++, 3000));
        device.get().failReads(true);

        UncheckedIOException failure = null;
        for (int attempts = 0; failure == null && attempts < 100; attempts++, next++) {
            try {
                put(cache, written, "k" + next, value(next, 3000));
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        assertThat(failure).as("an append needed an eviction").isNotNull().hasMessageContaining("eviction").hasRootCauseMessage(FaultyDevice.EIO);
        assertThat(cache.get(b("k" + (next - 1)))).as("the failed write").isNull();
        for (var entry : written.entrySet()) {
            assertThat(cache.get(b(entry.getKey()))).as("%s is still there: nothing was evicted", entry.getKey()).isEqualTo(entry.getValue());
        }

        device.get().failReads(false);
        for (int i = 0; i < 150; i++, next++) put(cache, written, "k" + next, value(next, 3000));
        int readable = checkNullOrExact(cache, written);
        assertThat(cache.stats().indexEntries()).as("every index entry leads to a value").isEqualTo(readable);
        assertThat(readable).as("all four regions still hold data").isGreaterThanOrEqualTo(3 * (REGION / BLOCK - 1));
        assertThat(cache.stats().checksumFailures()).isZero();
        cache.close();

        try (DiskCache reopened = RegionEngine.open(config)) { // opening a region on a full file evicts the oldest
            assertThat(checkNullOrExact(reopened, written)).isGreaterThanOrEqualTo(readable - (REGION / BLOCK - 1));
        }
    }

    /**
     * The same with the reclaim that reads only live records ({@link RegionTags}): a few keys
     * written over and over leave one key live in the oldest region, whose read fails. Nothing is
     * evicted, and the index is as it was.
     */
    @Test
    void readErrorInAReclaimOfLiveRecordsChangesNothing() throws IOException {
        Path file = dir.resolve("data");
        EngineConfig config = config(file, 2L * BLOCK + 4L * REGION, Durability.BATCH, ONE_HOUR_NS);
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        try (DiskCache cache = RegionEngine.open(config, d -> wrap(d, device))) {
            Map<String, byte[]> written = new LinkedHashMap<>();
            int next = 0;
            put(cache, written, "stays", value(next++, 3000));
            while (cache.stats().sealedRegions() < 3) put(cache, written, "hot" + next % 4, value(next++, 3000));
            long entries = cache.stats().indexEntries();
            device.get().failReads(true);

            UncheckedIOException failure = null;
            for (int attempts = 0; failure == null && attempts < 100; attempts++, next++) {
                try {
                    put(cache, written, "hot" + next % 4, value(next, 3000)); // recorded only if it succeeded
                } catch (UncheckedIOException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("an append needed an eviction").isNotNull().hasMessageContaining("eviction")
                    .hasRootCauseMessage(FaultyDevice.EIO);
            assertThat(cache.stats().evictedEntries()).isZero();
            assertThat(cache.stats().indexEntries()).isEqualTo(entries);
            assertThat(cache.get(b("stays"))).isEqualTo(written.get("stays"));

            device.get().failReads(false);
            long evictedRegions = cache.stats().evictedRegions();
            while (cache.stats().evictedRegions() == evictedRegions) put(cache, written, "hot" + next % 4, value(next++, 3000));
            checkNullOrExact(cache, written);
            assertThat(cache.stats().reinsertedEntries()).as("read since written: reinserted, not evicted").isEqualTo(1);
            assertThat(cache.stats().checksumFailures()).isZero();
        }
    }

    // ---- helpers

    /** Every key reads absent or exactly as last written, and the last ten are present; returns how many are. */
    private static int checkNullOrExact(DiskCache cache, Map<String, byte[]> written) {
        int readable = 0, position = 0;
        for (var entry : written.entrySet()) {
            byte[] actual = cache.get(b(entry.getKey()));
            if (position++ >= written.size() - 10) assertThat(actual).as("recent key %s", entry.getKey()).isNotNull();
            if (actual != null) {
                assertThat(actual).as(entry.getKey()).isEqualTo(entry.getValue());
                readable++;
            }
        }
        return readable;
    }

    private static EngineConfig config(Path file, long capacityBytes, Durability durability, long flushAgeNs) {
        return new EngineConfig(file, capacityBytes, BLOCK, REGION, 0, durability, 1 << 20, 64 << 20, flushAgeNs,
                64 << 10, false, true, true, 64 << 10, 64 << 20, InstantSource.system(), false, key -> {});
    }

    private static FaultyDevice wrap(Device real, AtomicReference<FaultyDevice> holder) {
        FaultyDevice faulty = new FaultyDevice(real);
        holder.set(faulty);
        return faulty;
    }

    private static void put(DiskCache cache, Map<String, byte[]> durable, String key, byte[] value) {
        cache.put(b(key), value);
        durable.put(key, value);
    }

    /** Durable keys show exactly their durable value; nothing written after them is visible. */
    private static void assertDurableStateVisible(DiskCache cache, Map<String, byte[]> durable) {
        for (var entry : durable.entrySet()) {
            assertThat(cache.get(b(entry.getKey()))).as("durable %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        List<String> keys = new ArrayList<>(durable.keySet());
        assertThat(cache.getAll(keys.stream().map(FlushFailureTest::b).toList()))
                .containsExactlyElementsOf(keys.stream().map(durable::get).toList());
        for (String never : List.of("new-1", "new-2", "b", "buffered")) {
            if (!durable.containsKey(never)) assertThat(cache.get(b(never))).as("failed write %s", never).isNull();
        }
    }

    private static void assertWritesRefused(DiskCache cache) {
        assertThatThrownBy(() -> cache.put(b("later"), b("x"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> cache.putBuffered(b("later"), b("x"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> cache.delete(b("a"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(cache::flush).isInstanceOf(UncheckedIOException.class);
        assertThat(cache.get(b("later"))).isNull();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.onSpinWait();
        }
    }

    private static byte[] value(int seed, int length) {
        byte[] value = new byte[length];
        new Random(seed).nextBytes(value);
        return value;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
