package dev.larder.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HybridCache#memoryTierFill}: the entries' weights over the budget, as the tier counts them. */
class MemoryTierFillTest {
    private static final long BUDGET = 1 << 20;

    @TempDir Path dir;

    @Test
    void isTheWeightOfTheEntriesOverTheBudget() throws Exception {
        try (HybridCache<String, String> cache = Larder.newBuilder(Codecs.utf8(), Codecs.utf8())
                .diskPath(dir.resolve("cache.dat")).diskCapacityBytes(64L << 20).memoryBytes(BUDGET).build()) {
            assertThat(cache.memoryTierFill()).isZero();
            for (int i = 0; i < 100; i++) cache.put("key-%02d".formatted(i), "x".repeat(994));
            long weight = 100L * (6 + 994 + MemoryEntry.OVERHEAD_BYTES);
            assertThat(cache.memoryTierFill()).isCloseTo((double) weight / BUDGET, within(1e-9));

            cache.put("key-00", "x"); // a smaller value in place of a larger one
            assertThat(cache.memoryTierFill()).isCloseTo((double) (weight - 993) / BUDGET, within(1e-9));
            cache.invalidate("key-01");
            assertThat(cache.memoryTierFill()).isCloseTo((double) (weight - 993 - 1288) / BUDGET, within(1e-9));

            cache.setMemoryBytes(0);
            assertThat(cache.memoryTierFill()).as("no budget: full").isEqualTo(1.0);
        }
    }
}
