package dev.larder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.Durability;
import dev.larder.io.Device;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow {@code fdatasync} (held through {@link FaultyDevice}) delays only the callers that asked
 * for durability: writes handed to the OS meanwhile go through, and nothing is reported durable
 * before the sync that covers it has finished (so a durable cache syncs whatever it writes).
 */
class SlowSyncTest {
    private static final int BLOCK = 4096;
    private static final int REGION = 64 << 10;

    @TempDir Path dir;

    @Test
    void writeOutDoesNotWaitForARunningSync() throws Exception {
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DiskCache cache = RegionEngine.open(config(Durability.NONE), d -> wrap(d, device))) {
            cache.putBuffered(b("before"), b("1"));
            device.get().holdNextSync();
            Future<?> flush = pool.submit(cache::flush);
            assertThat(device.get().awaitSyncParked(10_000)).as("the flush is syncing").isTrue();

            Future<?> writeOut = pool.submit(() -> {
                cache.putBuffered(b("during"), b("2"));
                cache.writeOut();
            });
            writeOut.get(10, TimeUnit.SECONDS); // before this change it waited for the held sync
            assertThat(flush.isDone()).as("the flush waits for its sync").isFalse();

            device.get().releaseHeldSync();
            flush.get(10, TimeUnit.SECONDS);
            cache.flush(); // "during" was written after the held sync started: this one syncs it
            assertThat(cache.get(b("before"))).isEqualTo(b("1"));
            assertThat(cache.get(b("during"))).isEqualTo(b("2"));
        } finally {
            pool.shutdownNow();
        }
        try (DiskCache reopened = RegionEngine.open(config(Durability.NONE))) {
            assertThat(reopened.get(b("during"))).isEqualTo(b("2"));
        }
    }

    @Test
    void aDurablePutReturnsOnlyAfterItsSync() throws Exception {
        AtomicReference<FaultyDevice> device = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DiskCache cache = RegionEngine.open(config(Durability.BATCH), d -> wrap(d, device))) {
            device.get().holdNextSync();
            Future<?> put = pool.submit(() -> cache.put(b("k"), b("durable")));
            assertThat(device.get().awaitSyncParked(10_000)).as("the put's batch is syncing").isTrue();
            Future<?> flush = pool.submit(cache::flush); // nothing new to write, but must wait for the sync too
            Thread.sleep(200);
            assertThat(put.isDone()).as("the put is not durable yet").isFalse();
            assertThat(flush.isDone()).as("a flush behind the sync waits for it").isFalse();

            device.get().releaseHeldSync();
            put.get(10, TimeUnit.SECONDS);
            flush.get(10, TimeUnit.SECONDS);
            assertThat(cache.get(b("k"))).isEqualTo(b("durable"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writeOutUnderADurabilitySyncs() throws Exception {
        try (DiskCache cache = RegionEngine.open(config(Durability.BATCH, TimeUnit.HOURS.toNanos(1)))) {
            cache.putBuffered(b("k"), b("v")); // waits for nothing, and the flusher waits an hour
            long fsyncs = cache.stats().fsyncs();

            cache.writeOut();

            assertThat(cache.stats().fsyncs()).as("a batch of a durable cache is never written unsynced")
                    .isGreaterThan(fsyncs);
        }
    }

    private EngineConfig config(Durability durability) {
        return config(durability, TimeUnit.MILLISECONDS.toNanos(10));
    }

    private EngineConfig config(Durability durability, long flushAgeNs) {
        return new EngineConfig(dir.resolve("data"), 2L * BLOCK + 16L * REGION, BLOCK, REGION, 0, durability, 1 << 20,
                64 << 20, flushAgeNs, 64 << 10, false, true, true, 64 << 10, 64 << 20,
                InstantSource.system(), false, key -> {});
    }

    private static FaultyDevice wrap(Device real, AtomicReference<FaultyDevice> holder) {
        FaultyDevice faulty = new FaultyDevice(real);
        holder.set(faulty);
        return faulty;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
