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
        long threeRegions = 4096 + 3L * (1 << 20);
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

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
