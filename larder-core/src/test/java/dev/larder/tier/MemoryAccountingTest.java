package dev.larder.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.CacheStats;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory tier's reported size covers what it really holds on the heap: fill it to its budget
 * with small entries (where per-entry overhead dominates) and compare the heap's growth, after GC,
 * with {@code stats().memory().memoryTierBytes()}.
 */
class MemoryAccountingTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {16, 100, 1000})
    void heapGrowthStaysWithinTheReportedMemoryTier(int valueLength) throws Exception {
        long budget = 24L << 20;
        try (HybridCache<String, String> cache = Larder.newBuilder(Codecs.utf8(), Codecs.utf8())
                .diskPath(dir.resolve("cache.dat")).diskCapacityBytes(1L << 30).memoryBytes(budget)
                .admission(AdmissionMode.WRITE_ON_EVICT).durability(Durability.NONE).build()) {
            cache.put("warm", "up");
            long before = usedHeapAfterGc();
            String filler = "v".repeat(valueLength - 8);
            for (int i = 0; cache.stats().memory().memoryTierBytes() < budget * 9 / 10 && i < 5_000_000; i++) {
                cache.put(String.format("key-%08d", i), String.format("%08d", i) + filler);
            }
            long grown = usedHeapAfterGc() - before;
            CacheStats.Memory memory = cache.stats().memory();
            System.out.printf("value %d B: heap grew %d B for %d reported (%.2f)%n", valueLength, grown,
                    memory.memoryTierBytes(), (double) grown / memory.memoryTierBytes());
            assertThat(grown).as("heap growth vs reported memory tier").isLessThanOrEqualTo(memory.memoryTierBytes());
            assertThat(memory.memoryTierBytes()).isLessThanOrEqualTo(budget);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // several rounds: the minimum is the live set
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
