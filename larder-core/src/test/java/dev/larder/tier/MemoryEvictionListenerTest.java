package dev.larder.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory tier's eviction listener: with writes only, the keys it reports and the entries the
 * memory tier holds add up to the keys written, each key is reported at most once, and every
 * reported key still reads back from the disk tier.
 */
class MemoryEvictionListenerTest {
    @TempDir Path dir;

    @Test
    void reportedKeysAndMemoryEntriesAddUpAndReportedOnesAreOnDisk() throws Exception {
        List<String> reported = new ArrayList<>();
        int keys = 2000;
        try (HybridCache<String, String> cache = Larder.newBuilder(Codecs.utf8(), Codecs.utf8())
                .diskPath(dir.resolve("cache.dat")).diskCapacityBytes(64L << 20).memoryBytes(256 << 10)
                .memoryEvictionListener(reported::add).build()) {
            for (int i = 0; i < keys; i++) cache.put("key-" + i, value(i));

            assertThat(reported).as("premise: the memory tier overflowed").isNotEmpty();
            Set<String> distinct = new HashSet<>(reported);
            assertThat(distinct).as("each key at most once").hasSameSizeAs(reported);
            assertThat(cache.stats().memoryEvictions()).isEqualTo(reported.size());
            assertThat(cache.stats().memoryEntries() + reported.size()).isEqualTo(keys);
            for (int i = 0; i < keys; i++) {
                assertThat(cache.memoryContains("key-" + i)).as("key-%d in memory exactly when not reported", i)
                        .isEqualTo(!distinct.contains("key-" + i));
            }
            for (String key : distinct) {
                assertThat(cache.getIfPresent(key)).as(key).isEqualTo(value(Integer.parseInt(key.substring(4))));
            }
        }
    }

    private static String value(int i) {
        return i + ":" + "v".repeat(1000);
    }
}
