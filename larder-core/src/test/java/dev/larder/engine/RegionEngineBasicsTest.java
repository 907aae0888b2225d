package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionEngineBasicsTest {
    @TempDir Path dir;

    private DiskCache open(long capacity) throws Exception {
        return DiskCache.builder(dir.resolve("data")).capacityBytes(capacity).regionSizeBytes(1 << 20).open();
    }

    @Test
    void putGetDeleteSurviveReopen() throws Exception {
        try (DiskCache cache = open(16 << 20)) {
            cache.put(b("a"), b("alpha"));
            cache.putBuffered(b("b"), b("beta"));
            cache.put(b("c"), b("gamma"));
            cache.delete(b("c"));
            assertThat(cache.get(b("a"))).isEqualTo(b("alpha"));
            assertThat(cache.get(b("b"))).isEqualTo(b("beta"));
            assertThat(cache.get(b("c"))).isNull();
        }
        try (DiskCache cache = open(16 << 20)) {
            assertThat(cache.get(b("a"))).isEqualTo(b("alpha"));
            assertThat(cache.get(b("b"))).isEqualTo(b("beta"));
            assertThat(cache.get(b("c"))).isNull();
            assertThat(cache.getAll(List.of(b("b"), b("zz"), b("a")))).containsExactly(b("beta"), null, b("alpha"));
        }
    }

    @Test
    void oneInEightPutsAndGetsAndEveryFlushAreTimed() throws Exception {
        try (DiskCache cache = open(16 << 20)) {
            for (int i = 0; i < 1000; i++) cache.putBuffered(b("k" + i), b("v" + i));
            for (int i = 0; i < 1000; i++) assertThat(cache.get(b("k" + i))).isEqualTo(b("v" + i));
            cache.flush();
            DiskStats stats = cache.stats();
            assertThat(stats.putLatency().count()).isEqualTo(1000 / EngineStats.SAMPLED_OPERATION);
            assertThat(stats.getLatency().count()).isEqualTo(1000 / EngineStats.SAMPLED_OPERATION);
            assertThat(stats.flushLatency().count()).isPositive();
            for (DiskStats.Latency latency : List.of(stats.putLatency(), stats.getLatency(), stats.flushLatency())) {
                assertThat(latency.p50Ns()).isPositive().isLessThanOrEqualTo(latency.p99Ns());
                assertThat(latency.p99Ns()).isLessThanOrEqualTo(latency.p999Ns());
                assertThat(latency.p999Ns()).isLessThanOrEqualTo(latency.maxNs());
            }
        }
    }

    @Test
    void writeOutWritesWithoutSyncAndALaterFlushStillSyncs() throws Exception {
        try (DiskCache cache = DiskCache.builder(dir.resolve("data")).capacityBytes(16 << 20).regionSizeBytes(1 << 20)
                .durability(dev.larder.disk.Durability.NONE).flushThresholds(1_000, 1 << 20, java.time.Duration.ofHours(1)).open()) {
            cache.putBuffered(b("a"), b("alpha"));
            long writesBefore = cache.stats().writeOps();
            long syncsBefore = cache.stats().fsyncs();
            cache.writeOut();
            assertThat(cache.stats().writeOps()).isGreaterThan(writesBefore);
            assertThat(cache.stats().fsyncs()).isEqualTo(syncsBefore);
            cache.flush(); // nothing left to write, but the earlier write is not yet durable
            assertThat(cache.stats().fsyncs()).isGreaterThan(syncsBefore);
        }
    }

    @Test
    void forEachKeyVisitsEveryLiveKeyWithItsExpiryAfterReopen() throws Exception {
        byte[] big = new byte[3 << 20];
        try (DiskCache cache = open(32 << 20)) {
            cache.put(b("plain"), b("1"));
            cache.put(b("ttl"), b("2"), java.time.Duration.ofHours(1));
            cache.put(b("gone"), b("3"));
            cache.delete(b("gone"));
            cache.put(b("big"), big);
            cache.put(b("plain"), b("rewritten"));
        }
        try (DiskCache cache = open(32 << 20)) {
            java.util.Map<String, Long> seen = new java.util.HashMap<>();
            cache.forEachKey((key, expireAtMs) ->
                    assertThat(seen.put(new String(key, UTF_8), expireAtMs)).as("visited once").isNull());
            assertThat(seen).containsOnlyKeys("plain", "ttl", "big");
            assertThat(seen.get("plain")).isZero();
            assertThat(seen.get("ttl")).isGreaterThan(System.currentTimeMillis());
        }
    }

    @Test
    void largeValueSpansRegions() throws Exception {
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        try (DiskCache cache = open(32 << 20)) {
            cache.put(b("big"), big);
            assertThat(cache.get(b("big"))).isEqualTo(big);
        }
        try (DiskCache cache = open(32 << 20)) {
            assertThat(cache.get(b("big"))).isEqualTo(big);
        }
    }

    @Test
    void evictsOldestRegionWhenFull() throws Exception {
        byte[] value = new byte[3000];
        try (DiskCache cache = open(4 << 20)) {
            for (int i = 0; i < 5000; i++) cache.putBuffered(b("k" + i), value);
            cache.flush();
            DiskStats stats = cache.stats();
            assertThat(stats.evictedRegions()).isPositive();
            assertThat(cache.get(b("k4999"))).isEqualTo(value);
            assertThat(cache.get(b("k0"))).isNull();
        }
    }

    @Test
    void openingToReadConsumesNoRegion() throws Exception {
        long threeRegions = 2 * 4096 + 3L * (1 << 20);
        try (DiskCache cache = open(threeRegions)) {
            cache.put(b("kept"), b("value"));
        }
        for (int i = 0; i < 10; i++) {
            try (DiskCache cache = open(threeRegions)) {
                assertThat(cache.get(b("kept"))).as("open #%d", i).isEqualTo(b("value"));
                assertThat(cache.stats().evictedRegions()).isZero();
            }
        }
    }

    @Test
    void clearRemovesEverythingDurablyAndWritesAfterItSurvive() throws Exception {
        try (DiskCache cache = open(16 << 20)) {
            for (int i = 0; i < 100; i++) cache.put(b("old" + i), b("v" + i));
            cache.putBuffered(b("pending"), b("dropped by the clear"));
            cache.clear();
            assertThat(cache.get(b("old7"))).isNull();
            assertThat(cache.get(b("pending"))).isNull();
            assertThat(cache.stats().indexEntries()).isZero();
            cache.put(b("new"), b("after"));
        }
        try (DiskCache cache = open(16 << 20)) {
            assertThat(cache.get(b("old7"))).isNull();
            assertThat(cache.get(b("pending"))).isNull();
            assertThat(cache.get(b("new"))).isEqualTo(b("after"));
        }
    }

    @Test
    void aTornSuperblockRewriteFallsBackToTheOtherSlot() throws Exception {
        try (DiskCache cache = open(16 << 20)) {
            cache.put(b("old"), b("kept unless the clear landed"));
            cache.clear(); // rewrites the superblock into slot B
        }
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve("data"), java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), 4096 + SuperblockDescriptor.MIN_EPOCH_OFFSET); // tear slot B
        }
        try (DiskCache cache = open(16 << 20)) {
            assertThat(cache.get(b("old"))).as("slot A: the clear never happened").isEqualTo(b("kept unless the clear landed"));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
