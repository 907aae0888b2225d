package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eviction listener against what the cache can still read: after many distinct keys overflow
 * a four-region cache, each key is either readable or was reported evicted (exactly once), never
 * both and never neither; {@code mayContain} agrees with the reads. With reinsertion, keys read
 * before their region is reused survive unreported. The same holds for a few keys written over
 * and over, whose reclaims read only the live records ({@link RegionTags}), and across a reopen,
 * after which the regions written before it are read whole.
 */
class EvictionListenerTest {
    private static final int REGION = 1 << 20;
    private static final long FOUR_REGIONS = 2 * 4096 + 4L * REGION;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyKeyIsReadableOrReportedEvicted(boolean reinsertHits) throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        List<String> written = new ArrayList<>();
        Random rnd = new Random(5);
        try (DiskCache cache = DiskCache.builder(dir.resolve("data")).capacityBytes(FOUR_REGIONS).regionSizeBytes(REGION)
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

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void rewrittenKeysAreReadableOrReportedAfterTheirLastWrite(boolean reinsertHits, boolean reopenHalfway) throws Exception {
        int keys = 200;
        int writes = 20_000;
        int[] step = {0};
        Map<String, Integer> lastReport = new HashMap<>(); // key -> step of its latest eviction report
        Map<String, Integer> lastWrite = new HashMap<>();
        Map<String, byte[]> latest = new HashMap<>();
        Random rnd = new Random(11);
        long evictedRegions = 0;
        long readBytes = 0;
        int opens = reopenHalfway ? 2 : 1;
        for (int open = 0; open < opens; open++) {
            try (DiskCache cache = DiskCache.builder(dir.resolve("data")).capacityBytes(FOUR_REGIONS).regionSizeBytes(REGION)
                    .reinsertHits(reinsertHits).evictionListener(key -> lastReport.put(new String(key, UTF_8), step[0])).open()) {
                for (; step[0] < writes * (open + 1) / opens; step[0]++) {
                    String key = "k" + rnd.nextInt(keys);
                    byte[] value = new byte[200 + rnd.nextInt(1000)];
                    rnd.nextBytes(value);
                    // a reclaim runs before the append that needed the room: a report in this step is of an older write
                    cache.putBuffered(key.getBytes(UTF_8), value);
                    lastWrite.put(key, step[0]);
                    latest.put(key, value);
                    if (step[0] % 50 == 0) cache.get(("k" + rnd.nextInt(keys)).getBytes(UTF_8)); // some hits
                }
                cache.flush();
                int readable = 0;
                for (var write : lastWrite.entrySet()) {
                    byte[] found = cache.get(write.getKey().getBytes(UTF_8));
                    boolean evicted = lastReport.getOrDefault(write.getKey(), -1) > write.getValue();
                    assertThat(found != null).as("%s readable xor reported after its last write", write.getKey()).isNotEqualTo(evicted);
                    if (found != null) {
                        assertThat(found).as(write.getKey()).isEqualTo(latest.get(write.getKey()));
                        readable++;
                    }
                }
                assertThat(readable).isPositive();
                evictedRegions += cache.stats().evictedRegions();
                readBytes += cache.stats().readBytes();
            }
        }
        assertThat(evictedRegions).as("premise: the log wrapped many times").isGreaterThan(8);
        if (!reopenHalfway) {
            assertThat(readBytes).as("reclaims read live records, not whole regions").isLessThan(evictedRegions * REGION / 2);
        }
    }
}
