package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eviction listener against what the cache can still read: after many distinct keys overflow
 * a four-region cache, each key is either readable or was reported evicted (exactly once), never
 * both and never neither; {@code mayContain} agrees with the reads. With reinsertion, keys read
 * before their region is reused survive unreported.
 */
class EvictionListenerTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyKeyIsReadableOrReportedEvicted(boolean reinsertHits) throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        long fourRegions = 2 * 4096 + 4L * (1 << 20);
        List<String> written = new ArrayList<>();
        Random rnd = new Random(5);
        try (DiskCache cache = DiskCache.builder(dir.resolve("data")).capacityBytes(fourRegions).regionSizeBytes(1 << 20)
                .reinsertHits(reinsertHits).evictionListener(key -> reported.add(new String(key, UTF_8))).open()) {
            for (int i = 0; i < 6000; i++) {
                String key = "k" + i;
                cache.putBuffered(key.getBytes(UTF_8), new byte[200 + rnd.nextInt(1000)]);
                written.add(key);
                if (i % 7 == 0) cache.get(written.get(rnd.nextInt(written.size())).getBytes(UTF_8)); // some hits
            }
            cache.flush();

            Set<String> evicted = new HashSet<>(reported);
            assertThat(evicted).as("each eviction reported once").hasSameSizeAs(reported);
            assertThat(evicted).isNotEmpty();
            int readable = 0;
            for (String key : written) {
                byte[] bytes = key.getBytes(UTF_8);
                boolean found = cache.get(bytes) != null;
                assertThat(found).as("%s readable xor reported", key).isNotEqualTo(evicted.contains(key));
                assertThat(cache.mayContain(bytes)).as(key).isEqualTo(found);
                if (found) readable++;
            }
            assertThat(readable).isPositive();
            assertThat(cache.stats().evictedEntries()).isEqualTo(reported.size());
        }
    }
}
