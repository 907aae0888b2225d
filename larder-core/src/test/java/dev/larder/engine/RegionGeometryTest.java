package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Geometries other than the defaults: region sizes that are any multiple of the block size (not
 * only powers of two), the smallest blocks and regions, and O_DIRECT (no mapping: every read goes
 * through aligned pooled buffers). Each fills every region, wraps around, and recovers twice.
 */
class RegionGeometryTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "block {0}, region {1}, directIo {2}")
    @CsvSource({
        "4096, 49152, false", // 12 blocks: recovery once read past the region end (and past the file)
        "4096, 20480, false", // 5 blocks
        "512, 2560, false",   // 5-block regions: creating the file once failed (superblock buffer)
        "64, 320, false",     // smallest block: the superblock just fits
        "128, 4194304, false", // the server's geometry: 32768 blocks, the most a region may have
        "4096, 65536, true",
        "4096, 49152, true",
    })
    void fillsWrapsAndRecovers(int blockBytes, int regionBytes, boolean directIo) throws IOException {
        DiskCacheBuilder builder = DiskCache.builder(dir.resolve("data")).capacityBytes(2L * blockBytes + 4L * regionBytes)
                .blockSizeBytes(blockBytes).regionSizeBytes(regionBytes).directIo(directIo);
        int maxValue = Math.min(3000, regionBytes - blockBytes - 64);
        Random random = new Random(regionBytes);
        Map<String, byte[]> written = new LinkedHashMap<>();
        int next = 0;
        for (int round = 0; round < 3; round++) {
            try (DiskCache cache = builder.open()) {
                long evictedBefore = cache.stats().evictedRegions();
                for (int writes = 0; cache.stats().evictedRegions() < evictedBefore + 6 && writes < 200_000; writes++) { // around the file more than once
                    byte[] value = new byte[1 + random.nextInt(maxValue)];
                    random.nextBytes(value);
                    String key = "k" + next++;
                    cache.putBuffered(key.getBytes(UTF_8), value);
                    written.put(key, value);
                }
                assertThat(cache.get(("k" + (next - 1)).getBytes(UTF_8))).isEqualTo(written.get("k" + (next - 1)));
            }
            try (DiskCache cache = builder.open()) {
                int present = 0;
                for (var entry : written.entrySet()) {
                    byte[] actual = cache.get(entry.getKey().getBytes(UTF_8));
                    if (actual != null) {
                        assertThat(actual).as(entry.getKey()).isEqualTo(entry.getValue());
                        present++;
                    }
                }
                assertThat(cache.get(("k" + (next - 1)).getBytes(UTF_8))).as("the last write survives reopening").isNotNull();
                assertThat(present).as("keys recovered after round %d", round).isPositive();
                assertThat(cache.stats().checksumFailures()).isZero();
            }
        }
    }
}
