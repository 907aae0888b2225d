package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments the cache must refuse, with the exception type and a message naming the limit, and
 * the edges it must accept: the largest key, the largest value, an empty value, and a value larger
 * than a region (stored in chunks), also after reopening.
 */
class BadInputTest {
    private static final int MAX_KEY = 100;
    private static final int MAX_VALUE = 4 << 20;

    @TempDir Path dir;

    private DiskCacheBuilder builder() {
        return DiskCache.builder(dir.resolve("data")).capacityBytes(32 << 20).regionSizeBytes(1 << 20)
                .maxKeyBytes(MAX_KEY).maxValueBytes(MAX_VALUE);
    }

    @Test
    void nullsAreRefused() throws IOException {
        try (DiskCache cache = builder().open()) {
            assertThatThrownBy(() -> cache.put(null, b("v"))).isInstanceOf(NullPointerException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> cache.put(b("k"), null)).isInstanceOf(NullPointerException.class).hasMessageContaining("value");
            assertThatThrownBy(() -> cache.putBuffered(null, b("v"))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.putBuffered(b("k"), null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.put(b("k"), b("v"), (Duration) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("ttl");
            assertThatThrownBy(() -> cache.put(b("k"), b("v"), (Instant) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("expireAt");
            assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.delete(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> cache.getAll(Arrays.asList(b("k"), null))).isInstanceOf(NullPointerException.class);
            assertThat(cache.stats().puts()).as("nothing was written").isZero();
        }
    }

    @Test
    void emptyKeyIsRefused() throws IOException {
        try (DiskCache cache = builder().open()) {
            assertThatThrownBy(() -> cache.put(new byte[0], b("v"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> cache.get(new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.delete(new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.getAll(List.of(b("k"), new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keysAndValuesAboveTheLimitsAreRefusedAtTheLimitsAccepted() throws IOException {
        byte[] longestKey = filled(MAX_KEY, 1);
        byte[] largestValue = filled(MAX_VALUE, 2);
        try (DiskCache cache = builder().open()) {
            assertThatThrownBy(() -> cache.put(filled(MAX_KEY + 1, 3), b("v")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeyBytes " + MAX_KEY);
            assertThatThrownBy(() -> cache.get(filled(MAX_KEY + 1, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeyBytes " + MAX_KEY);
            assertThatThrownBy(() -> cache.put(b("k"), new byte[MAX_VALUE + 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueBytes " + MAX_VALUE);
            assertThatThrownBy(() -> cache.putBuffered(b("k"), new byte[MAX_VALUE + 1], Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueBytes " + MAX_VALUE);
            assertThat(cache.stats().puts()).isZero();

            cache.put(longestKey, b("longest key"));
            cache.put(b("largest"), largestValue);
            cache.put(b("empty"), new byte[0]);
            assertThat(cache.get(longestKey)).isEqualTo(b("longest key"));
            assertThat(cache.get(b("largest"))).isEqualTo(largestValue);
            assertThat(cache.get(b("empty"))).as("an empty value is a hit, not a miss").isEmpty();
        }
        try (DiskCache cache = builder().open()) {
            assertThat(cache.get(longestKey)).isEqualTo(b("longest key"));
            assertThat(cache.get(b("largest"))).isEqualTo(largestValue);
            assertThat(cache.get(b("empty"))).isEmpty();
        }
    }

    @Test
    void valueThatWouldEvictItselfIsRefused() throws IOException {
        try (DiskCache cache = DiskCache.builder(dir.resolve("small")).capacityBytes(8 << 20).regionSizeBytes(1 << 20).open()) {
            assertThatThrownBy(() -> cache.put(b("k"), new byte[3 << 20]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quarter of the device");
        }
    }

    @Test
    void nonPositiveTtlIsRefused() throws IOException {
        try (DiskCache cache = builder().open()) {
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(-3))) {
                assertThatThrownBy(() -> cache.put(b("k"), b("v"), ttl)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
                assertThatThrownBy(() -> cache.putBuffered(b("k"), b("v"), ttl)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(cache.get(b("k"))).isNull();
        }
        assertThatThrownBy(() -> builder().defaultTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderRefusesNonsenseSettings() {
        Path file = dir.resolve("never");
        assertThatThrownBy(() -> DiskCache.builder(file).capacityBytes(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacityBytes");
        assertThatThrownBy(() -> DiskCache.builder(file).blockSizeBytes(3000).open()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockSizeBytes");
        assertThatThrownBy(() -> DiskCache.builder(file).blockSizeBytes(32).open()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 64 B");
        assertThatThrownBy(() -> DiskCache.builder(file).blockSizeBytes(128).regionSizeBytes(1 << 20).directIo(true).open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directIo needs blockSizeBytes of at least 4096");
        assertThatThrownBy(() -> DiskCache.builder(file).regionSizeBytes(5000).open()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regionSizeBytes");
        assertThatThrownBy(() -> DiskCache.builder(file).capacityBytes(1 << 20).regionSizeBytes(1 << 20).open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 2 regions");
        assertThatThrownBy(() -> DiskCache.builder(file).maxValueBytes(3L << 30).open()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueBytes");
        assertThat(file).doesNotExist();
    }

    @Test
    void operationsAfterCloseAreRefused() throws IOException {
        DiskCache cache = builder().open();
        cache.put(b("k"), b("v"));
        cache.close();
        cache.close(); // idempotent
        assertThatThrownBy(() -> cache.put(b("k"), b("v"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> cache.put(b("k"), b("v"), Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.putBuffered(b("k"), b("v"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.get(b("k"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.getAll(List.of(b("k")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.delete(b("k"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(cache::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valueLargerThanARegionRoundTrips() throws IOException {
        byte[] big = filled(3 << 20, 4); // three 1 MiB regions' worth, stored as chunks plus a manifest
        byte[] bigBuffered = filled((1 << 20) + 1, 5);
        try (DiskCache cache = builder().open()) {
            cache.put(b("big"), big);
            cache.putBuffered(b("big-buffered"), bigBuffered);
            assertThat(cache.get(b("big"))).isEqualTo(big);
            assertThat(cache.getAll(List.of(b("big-buffered"), b("absent"), b("big")))).containsExactly(bigBuffered, null, big);
        }
        try (DiskCache cache = builder().open()) {
            assertThat(cache.get(b("big"))).isEqualTo(big);
            assertThat(cache.getAll(List.of(b("big"), b("big-buffered")))).containsExactly(big, bigBuffered);
            cache.delete(b("big"));
            assertThat(cache.get(b("big"))).isNull();
        }
        try (DiskCache cache = builder().open()) {
            assertThat(cache.get(b("big"))).isNull();
            assertThat(cache.get(b("big-buffered"))).isEqualTo(bigBuffered);
        }
    }

    private static byte[] filled(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
