package dev.larder.tier;

import dev.larder.testing.ManualClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.Codec;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.DiskCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults from outside the cache: codecs that throw, a disk tier that refuses writes, and a data
 * file damaged on disk. None of them may leave the tiers disagreeing or make a read wrong.
 */
class FaultTest {
    private static final int BLOCK = 4096;
    private static final String POISON = "POISON";

    @TempDir Path dir;

    private final ManualClock clock = new ManualClock();

    /** UTF-8, but encode refuses {@link #POISON} and decode refuses bytes starting with it. */
    private static final Codec<String> FUSSY = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            if (value.equals(POISON)) throw new IllegalStateException("cannot encode the poison value");
            return Codecs.utf8().encode(value);
        }

        @Override
        public String decode(byte[] bytes) {
            String value = Codecs.utf8().decode(bytes);
            if (value.startsWith(POISON)) throw new IllegalStateException("cannot decode " + value);
            return value;
        }
    };

    private HybridCache<String, String> open(Codec<String> valueCodec, AdmissionMode admission) throws IOException {
        return Larder.newBuilder(Codecs.utf8(), valueCodec).diskPath(dir.resolve("cache.dat"))
                .diskCapacityBytes(16 << 20).diskGeometry(BLOCK, 64 << 10).memoryBytes(64 << 10)
                .admission(admission).clock(clock).build();
    }

    // ---- codecs that throw

    @ParameterizedTest
    @EnumSource(AdmissionMode.class)
    void aValueThatFailsToEncodeIsNotStoredAnywhere(AdmissionMode admission) throws IOException {
        try (HybridCache<String, String> cache = open(FUSSY, admission)) {
            cache.put("k", "good");
            assertThatThrownBy(() -> cache.put("k", POISON))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value codec")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> cache.putAsync("j", POISON).join()).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(cache.getIfPresent("k")).as("the previous value remains").isEqualTo("good");
            assertThat(cache.getIfPresent("j")).as("a new key stays absent").isNull();
        }
        try (HybridCache<String, String> cache = open(FUSSY, admission)) {
            assertThat(cache.getIfPresent("k")).as("after reopening").isEqualTo("good");
            assertThat(cache.getIfPresent("j")).isNull();
        }
    }

    @Test
    void aLoadedValueThatFailsToEncodeFailsTheLoad() throws IOException {
        try (HybridCache<String, String> cache = open(FUSSY, AdmissionMode.WRITE_THROUGH)) {
            assertThatThrownBy(() -> cache.get("m", key -> POISON)).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.getIfPresent("m")).isNull();
            assertThat(cache.stats().loadFailures()).isEqualTo(1);
        }
    }

    @Test
    void aValueThatFailsToDecodeIsACountedMissAndIsRemoved() throws IOException {
        try (HybridCache<String, String> plain = open(Codecs.utf8(), AdmissionMode.WRITE_THROUGH)) {
            plain.put("bad", POISON + ":1");
            plain.put("bad-batch", POISON + ":2");
            plain.put("good", "fine");
        }
        try (HybridCache<String, String> cache = open(FUSSY, AdmissionMode.WRITE_THROUGH)) {
            assertThat(cache.getIfPresent("bad")).as("undecodable: a miss").isNull();
            assertThat(cache.getAll(List.of("bad-batch", "good"))).as("batch read").containsExactly(Map.entry("good", "fine"));
            assertThat(cache.stats().decodeFailures()).isEqualTo(2);
            assertThat(cache.getIfPresent("bad")).as("read again").isNull();
            assertThat(cache.getIfPresent("bad-batch")).isNull();
            assertThat(cache.stats().decodeFailures()).as("removed: not decoded again").isEqualTo(2);
        }
        try (DiskCache disk = DiskCache.builder(dir.resolve("cache.dat")).open()) {
            assertThat(disk.get(b("bad"))).as("removed from the disk tier").isNull();
            assertThat(disk.get(b("bad-batch"))).as("removed from the disk tier").isNull();
            assertThat(disk.get(b("good"))).isEqualTo(b("fine"));
        }
    }

    // ---- a disk tier that refuses writes

    @Test
    void aWriteThroughPutThatFailsOnDiskLeavesMemoryAsTheDiskIs() throws IOException {
        var disk = new ScriptedDisk(TestCaches.disk(dir.resolve("cache.dat"), clock));
        var cache = new TieredCache<>(disk, TestCaches.settings(AdmissionMode.WRITE_THROUGH, 64 << 10, clock));
        cache.put("k", "v1");
        disk.failWrites(true);
        assertThatThrownBy(() -> cache.put("k", "v2")).isInstanceOf(UncheckedIOException.class).hasMessageContaining(ScriptedDisk.EIO);
        assertThatThrownBy(() -> cache.put("new", "x")).isInstanceOf(UncheckedIOException.class);
        assertThat(cache.getIfPresent("k")).as("memory keeps the value the disk has").isEqualTo("v1");
        assertThat(cache.getIfPresent("new")).as("a failed first write stores nothing").isNull();
        assertThat(cache.getAll(List.of("k", "new"))).containsExactly(Map.entry("k", "v1"));

        assertThatThrownBy(() -> cache.invalidate("k")).isInstanceOf(UncheckedIOException.class);
        assertThat(cache.getIfPresent("k")).as("after a failed invalidation: what the disk still has")
                .isEqualTo(string(disk.get(b("k")))).isEqualTo("v1");

        disk.failWrites(false);
        cache.put("k", "v3");
        assertThat(cache.getIfPresent("k")).isEqualTo("v3");
        assertThat(string(disk.get(b("k")))).isEqualTo("v3");
        cache.close();
    }

    /**
     * Write-on-evict with a disk that refuses every write: evicted entries cannot be spilled and
     * are lost (counted), and the older copy of a key already on disk is not served in their place.
     */
    @Test
    void aRefusedSpillLosesTheEntryButNeverServesAnOlderCopy() throws IOException {
        var disk = new ScriptedDisk(TestCaches.disk(dir.resolve("cache.dat"), clock));
        long memoryBytes = 4 * TestCaches.weight("k-00", "v".repeat(100));
        var cache = new TieredCache<>(disk, TestCaches.settings(AdmissionMode.WRITE_ON_EVICT, memoryBytes, clock));
        disk.put(b("k-00"), b("old"));                           // an older copy on disk
        cache.put("k-00", "new " + "v".repeat(96));              // newer, memory only
        disk.failWrites(true);
        for (int i = 1; i <= 8; i++) cache.put(String.format("k-%02d", i), "v".repeat(100)); // evicts k-00
        assertThat(cache.stats().spillFailures()).as("evictions the disk refused").isPositive();
        assertThat(cache.getIfPresent("k-00")).as("lost, but not rolled back to 'old'").isNull();
        assertThat(cache.getAll(List.of("k-00"))).isEmpty();
        disk.failWrites(false);
        cache.put("k-00", "rewritten");
        assertThat(cache.getIfPresent("k-00")).isEqualTo("rewritten");
        cache.close();
    }

    @Test
    void aKeyThatEncodesToNoBytesIsRefused() throws IOException {
        try (HybridCache<String, String> cache = open(Codecs.utf8(), AdmissionMode.WRITE_ON_EVICT)) {
            assertThatThrownBy(() -> cache.put("", "v")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bytes");
            assertThatThrownBy(() -> cache.getIfPresent("")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFailingClearRemovesNothing() throws IOException {
        var disk = new ScriptedDisk(TestCaches.disk(dir.resolve("cache.dat"), clock));
        var cache = new TieredCache<>(disk, TestCaches.settings(AdmissionMode.WRITE_THROUGH, 64 << 10, clock));
        cache.put("k", "v1");
        disk.failWrites(true);
        assertThatThrownBy(cache::clear).isInstanceOf(UncheckedIOException.class);
        disk.failWrites(false);
        assertThat(string(disk.get(b("k")))).as("the disk still holds k").isEqualTo("v1");
        assertThat(cache.getIfPresent("k")).as("so the cache serves it").isEqualTo("v1");
        cache.close();
    }

    // ---- damage on disk

    /** Flips bytes in the record area; every read is then a miss or exact, never another value. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void damagedRecordsReadAsMissesNeverAsWrongValues(long seed) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        SplittableRandom values = new SplittableRandom(seed);
        try (HybridCache<String, String> cache = open(Codecs.utf8(), AdmissionMode.WRITE_THROUGH)) {
            for (int i = 0; i < 200; i++) {
                String key = "key-" + i;
                String value = HybridCacheModelProperties.text(i, i, 500 + values.nextInt(2_500));
                cache.put(key, value);
                written.put(key, value);
            }
        }
        Path file = dir.resolve("cache.dat");
        Random random = new Random(seed);
        long recordAreaBytes = 200L * 2 * BLOCK; // at most two blocks per record, after the two superblock slots
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 12; i++) {
                long offset = 2L * BLOCK + (long) (random.nextDouble() * recordAreaBytes);
                ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, offset);
                one.flip();
                byte flipped = (byte) (one.get(0) ^ (1 + random.nextInt(255)));
                channel.write(ByteBuffer.wrap(new byte[] {flipped}), offset);
            }
        }
        int lost = 0;
        try (HybridCache<String, String> cache = open(Codecs.utf8(), AdmissionMode.WRITE_THROUGH)) {
            List<String> keys = new ArrayList<>(written.keySet());
            Map<String, String> batch = cache.getAll(keys.subList(0, 100));
            for (String key : keys.subList(0, 100)) {
                String value = batch.get(key);
                if (value == null) lost++;
                else assertThat(value).as("batch read of %s", key).isEqualTo(written.get(key));
            }
            for (String key : keys.subList(100, 200)) {
                String value = cache.getIfPresent(key);
                if (value == null) lost++;
                else assertThat(value).as("point read of %s", key).isEqualTo(written.get(key));
            }
            for (String key : keys) { // a second pass: now partly from memory
                String value = cache.getIfPresent(key);
                assertThat(value == null || value.equals(written.get(key))).as("second read of %s", key).isTrue();
            }
        }
        assertThat(lost).as("premise: the damage cost some records").isPositive();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }
}
