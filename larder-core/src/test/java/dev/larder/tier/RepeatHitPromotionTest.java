package dev.larder.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promoteOnRepeatHit}: while memory is full, a key's first disk hit is served and left on
 * disk (nothing inserted, so nothing evicted), its repeat hit is offered to the memory tier (whose
 * own admission may still turn it away, which then counts as an eviction); while memory has room every hit is promoted; and the filter
 * behind it remembers a window of hits, then forgets them.
 */
class RepeatHitPromotionTest {
    private static final int KEYS = 400;

    @TempDir Path dir;

    @Test
    void aFullMemoryTierTakesOnlyRepeatHits() throws Exception {
        try (HybridCache<String, String> cache = open(true, 64 << 10)) {
            for (int i = 0; i < KEYS; i++) cache.put(key(i), value(i)); // 400 KiB through 64 KiB: full
            int cold = firstEvicted(cache);
            long evictions = cache.stats().memoryEvictions();

            assertThat(cache.find(key(cold))).isEqualTo(new HybridCache.Found.Value<>(value(cold), false));
            assertThat(cache.stats().memoryEvictions()).as("first hit not inserted, so nothing evicted").isEqualTo(evictions);
            assertThat(cache.stats().promotionsSkipped()).isEqualTo(1);

            assertThat(cache.find(key(cold))).isEqualTo(new HybridCache.Found.Value<>(value(cold), true));
            assertThat(cache.stats().memoryEvictions()).as("repeat hit inserted into a full tier").isGreaterThan(evictions);
            assertThat(cache.stats().promotionsSkipped()).isEqualTo(1);
            assertThat(cache.stats().diskHits()).isEqualTo(2);
        }
    }

    @Test
    void everyHitIsPromotedWhileMemoryHasRoom() throws Exception {
        try (HybridCache<String, String> cache = open(true, 64 << 10)) {
            for (int i = 0; i < KEYS; i++) cache.put(key(i), value(i));
            int cold = firstEvicted(cache);
            cache.setMemoryBytes(1 << 20); // now room for everything

            assertThat(cache.find(key(cold))).isEqualTo(new HybridCache.Found.Value<>(value(cold), true));
            assertThat(cache.memoryContains(key(cold))).isTrue();
            assertThat(cache.stats().promotionsSkipped()).isZero();
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (HybridCache<String, String> cache = open(false, 64 << 10)) {
            for (int i = 0; i < KEYS; i++) cache.put(key(i), value(i));
            int cold = firstEvicted(cache);
            long evictions = cache.stats().memoryEvictions();

            assertThat(cache.find(key(cold))).isEqualTo(new HybridCache.Found.Value<>(value(cold), true));
            assertThat(cache.stats().memoryEvictions()).as("first hit inserted").isGreaterThan(evictions);
            assertThat(cache.stats().promotionsSkipped()).isZero();
        }
    }

    @Test
    void filterRemembersItsWindowAndFewFirstHitsPassAsRepeats() {
        RepeatHitFilter filter = new RepeatHitFilter();
        int window = 20_000;
        for (int i = 0; i <= 1024; i++) filter.recordHit(Integer.MIN_VALUE + i, window); // fills the first, 1024-hit window

        int falseRepeats = 0;
        for (int i = 0; i < window / 2; i++) if (filter.recordHit(hash(i), window)) falseRepeats++;
        assertThat(falseRepeats).as("first hits taken for repeats").isLessThan(window / 2 / 10);

        int repeats = 0;
        for (int i = 0; i < window / 2; i++) if (filter.recordHit(hash(i), window)) repeats++;
        assertThat(repeats).as("repeats within the window").isEqualTo(window / 2);

        for (int i = 0; i < window; i++) filter.recordHit(hash(1_000_000 + i), window); // a new window begins
        int remembered = 0;
        for (int i = 0; i < window / 2; i++) if (filter.recordHit(hash(i), window)) remembered++;
        assertThat(remembered).as("hits from an earlier window").isLessThan(window / 2 / 10);
    }

    /** The first key the full memory tier evicted (written first, never read). */
    private static int firstEvicted(HybridCache<String, String> cache) {
        for (int i = 0; i < KEYS; i++) if (!cache.memoryContains(key(i))) return i;
        throw new AssertionError("premise: the memory tier overflowed");
    }

    private HybridCache<String, String> open(boolean repeatHitOnly, long memoryBytes) throws Exception {
        return Larder.newBuilder(Codecs.utf8(), Codecs.utf8()).diskPath(dir.resolve("cache.dat"))
                .diskCapacityBytes(64L << 20).memoryBytes(memoryBytes).promoteOnRepeatHit(repeatHitOnly).build();
    }

    private static int hash(int i) {
        return key(i).hashCode();
    }

    /** Keys and values of one width: a full tier's slack is then always less than one entry. */
    private static String key(int i) {
        return String.format("key-%03d", i);
    }

    private static String value(int i) {
        return String.format("%03d:", i) + "v".repeat(1000);
    }
}
