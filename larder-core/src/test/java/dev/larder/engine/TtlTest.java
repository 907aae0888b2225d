package dev.larder.engine;

import dev.larder.testing.ManualClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry against a controllable clock: an entry is readable until its deadline and a counted miss
 * from then on; the builder's default TTL applies to writes without one; deadlines are absolute, so
 * they survive reopening; and an entry reinserted on eviction keeps its deadline.
 */
class TtlTest {
    @TempDir Path dir;

    private final ManualClock clock = new ManualClock();

    private DiskCacheBuilder builder() {
        return DiskCache.builder(dir.resolve("data")).capacityBytes(16 << 20).regionSizeBytes(1 << 20).clock(clock);
    }

    @Test
    void entryExpiresExactlyAtItsDeadline() throws IOException {
        try (DiskCache cache = builder().open()) {
            cache.put(b("k"), b("v"), Duration.ofMillis(100));
            cache.putBuffered(b("kb"), b("vb"), Duration.ofMillis(100));
            cache.put(b("forever"), b("f"));
            clock.advance(99);
            assertThat(cache.get(b("k"))).isEqualTo(b("v"));
            assertThat(cache.get(b("kb"))).isEqualTo(b("vb"));
            assertThat(cache.stats().expired()).isZero();

            clock.advance(1); // now == deadline: expired
            assertThat(cache.get(b("k"))).isNull();
            assertThat(cache.getAll(List.of(b("kb"), b("forever")))).containsExactly(null, b("f"));
            assertThat(cache.stats().expired()).isEqualTo(2);
            assertThat(cache.stats().misses()).isEqualTo(2);

            assertThat(cache.get(b("k"))).as("still expired").isNull();
            clock.advance(Duration.ofDays(365).toMillis());
            assertThat(cache.get(b("forever"))).isEqualTo(b("f"));
        }
    }

    @Test
    void absoluteDeadlinesAreStoredExactlyAndSurviveReopening() throws IOException {
        long at = clock.millis() + 12_345;
        try (DiskCache cache = builder().open()) {
            cache.put(b("k"), b("v"), Instant.ofEpochMilli(at));
            cache.putBuffered(b("kb"), b("vb"), Instant.ofEpochMilli(at).plusNanos(1)); // rounded up to the next ms
            cache.put(b("past"), b("p"), Instant.ofEpochMilli(clock.millis()));
            clock.advance(5_000); // the clock moving between writes and reads must not shift deadlines
            assertThat(cache.getEntry(b("k")).expireAtMs()).isEqualTo(at);
            assertThat(cache.getEntry(b("kb")).expireAtMs()).isEqualTo(at + 1);
            assertThat(cache.get(b("past"))).as("a deadline already passed").isNull();
        }
        try (DiskCache cache = builder().open()) {
            assertThat(cache.getEntry(b("k")).expireAtMs()).isEqualTo(at);
            clock.advance(at - clock.millis());
            assertThat(cache.get(b("k"))).isNull();
            assertThat(cache.get(b("kb"))).isEqualTo(b("vb"));
        }
    }

    @Test
    void overwriteReplacesTheDeadline() throws IOException {
        try (DiskCache cache = builder().open()) {
            cache.put(b("k"), b("short"), Duration.ofMillis(10));
            cache.put(b("k"), b("no ttl"));
            cache.put(b("j"), b("no ttl"));
            cache.put(b("j"), b("short"), Duration.ofMillis(10));
            clock.advance(10);
            assertThat(cache.get(b("k"))).isEqualTo(b("no ttl"));
            assertThat(cache.get(b("j"))).as("the older value without a TTL does not come back").isNull();
        }
    }

    @Test
    void defaultTtlAppliesToWritesWithoutOne() throws IOException {
        try (DiskCache cache = builder().defaultTtl(Duration.ofSeconds(5)).open()) {
            cache.put(b("default"), b("d"));
            cache.putBuffered(b("default-buffered"), b("db"));
            cache.put(b("explicit"), b("e"), Duration.ofSeconds(60));
            clock.advance(4_999);
            assertThat(cache.getAll(List.of(b("default"), b("default-buffered"), b("explicit"))))
                    .containsExactly(b("d"), b("db"), b("e"));
            clock.advance(1);
            assertThat(cache.getAll(List.of(b("default"), b("default-buffered"), b("explicit"))))
                    .containsExactly(null, null, b("e"));
            assertThat(cache.stats().expired()).isEqualTo(2);
        }
    }

    @Test
    void deadlinesSurviveReopen() throws IOException {
        try (DiskCache cache = builder().open()) {
            cache.put(b("soon"), b("s"), Duration.ofSeconds(10));
            cache.putBuffered(b("later"), b("l"), Duration.ofSeconds(30));
        }
        clock.advance(5_000);
        try (DiskCache cache = builder().open()) {
            assertThat(cache.get(b("soon"))).isEqualTo(b("s"));
            assertThat(cache.get(b("later"))).isEqualTo(b("l"));
        }
        clock.advance(5_000); // 10 s after the write, though the second open saw only 5 of them
        try (DiskCache cache = builder().open()) {
            assertThat(cache.get(b("soon"))).isNull();
            assertThat(cache.get(b("later"))).isEqualTo(b("l"));
            assertThat(cache.stats().expired()).isOne();
        }
    }

    @Test
    void reinsertedEntryKeepsItsDeadline() throws IOException {
        byte[] filler = new byte[3000];
        try (DiskCache cache = DiskCache.builder(dir.resolve("small")).capacityBytes(2 * 4096 + 4 * (64 << 10))
                .regionSizeBytes(64 << 10).clock(clock).open()) {
            cache.put(b("hot"), b("h"), Duration.ofMinutes(1));
            assertThat(cache.get(b("hot"))).isEqualTo(b("h")); // a hit: reinserted when its region is evicted
            for (int i = 0; cache.stats().evictedRegions() < 2; i++) cache.putBuffered(b("filler-" + i), filler);
            assertThat(cache.stats().reinsertedEntries()).isPositive();
            assertThat(cache.get(b("hot"))).isEqualTo(b("h"));

            clock.advance(Duration.ofMinutes(1).toMillis());
            assertThat(cache.get(b("hot"))).isNull();
            assertThat(cache.stats().expired()).isOne();
        }
    }

    @Test
    void subMillisecondDefaultTtlStillExpires() throws IOException {
        try (DiskCache cache = builder().defaultTtl(Duration.ofNanos(500_000)).open()) {
            cache.put(b("k"), b("v"));
            clock.advance(1);
            assertThat(cache.get(b("k"))).as("a positive default TTL is not \"no TTL\"").isNull();
        }
    }

    /** TTLs too long for epoch milliseconds mean "never", not "already" (overflow) or an ArithmeticException. */
    @Test
    void effectivelyInfiniteTtlNeverExpires() throws IOException {
        try (DiskCache cache = builder().open()) {
            cache.put(b("max-millis"), b("m"), Duration.ofMillis(Long.MAX_VALUE));
            cache.put(b("forever"), b("f"), Duration.ofSeconds(Long.MAX_VALUE));
            clock.advance(Duration.ofDays(365 * 100).toMillis());
            assertThat(cache.get(b("max-millis"))).isEqualTo(b("m"));
            assertThat(cache.get(b("forever"))).isEqualTo(b("f"));
        }
        try (DiskCache cache = builder().defaultTtl(Duration.ofSeconds(Long.MAX_VALUE)).open()) {
            cache.put(b("default-forever"), b("d"));
            assertThat(cache.get(b("default-forever"))).isEqualTo(b("d"));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
