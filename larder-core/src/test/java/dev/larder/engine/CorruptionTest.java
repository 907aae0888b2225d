package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and wrong files. Flipped bytes in the record area make exactly the damaged records
 * (and, since recovery trusts a region only up to its first bad record, the records after them
 * in the same region) misses, never wrong values; damage found by a read is counted in
 * {@code checksumFailures}. A file that is not ours, of another version, truncated, a directory,
 * too large for the disk, or opened with different geometry is refused with a message that says so.
 */
class CorruptionTest {
    private static final int BLOCK = 4096;
    private static final int REGION = 64 << 10;
    private static final long CAPACITY = 2L * BLOCK + 32L * REGION;
    private static final int KEYS = 300;

    @TempDir Path dir;

    // ---- damage in the record area

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void recoveryDropsExactlyTheDamagedPartOfEachRegion(long seed) throws IOException {
        Path file = dir.resolve("data");
        Map<String, byte[]> written = writeKeys(file, seed);
        DataFileLayout layout = DataFileLayout.read(file);
        assertThat(layout.allRecords()).as("premise: every key has one record").hasSize(KEYS);

        Random random = new Random(seed);
        List<Long> flips = new ArrayList<>();
        List<DataFileLayout.Record> records = layout.allRecords();
        for (int i = 0; i < 1 + random.nextInt(4); i++) { // aimed at the verified bytes of a record
            DataFileLayout.Record victim = records.get(random.nextInt(records.size()));
            flips.add(victim.offset() + random.nextInt(victim.verifiedBytes()));
        }
        for (int i = 0; i < 1 + random.nextInt(8); i++) { // anywhere after the superblock slots: headers, padding, free space
            flips.add(2L * BLOCK + (long) (random.nextDouble() * (Files.size(file) - 2L * BLOCK))); // past both superblock slots
        }
        if (random.nextBoolean()) { // a region header
            DataFileLayout.Region region = layout.regions().get(random.nextInt(layout.regions().size()));
            flips.add(region.offset() + random.nextInt(RegionHeaderDescriptor.CRC_OFFSET + 4));
        }
        flipBytes(file, flips, random);

        Set<String> lost = predictLost(layout, flips);
        assertThat(lost).as("premise: the aimed flips damaged something").isNotEmpty();
        Files.delete(IndexCheckpoint.pathFor(file)); // this test is about replaying the log
        try (DiskCache cache = builder(file).open()) {
            for (var entry : written.entrySet()) {
                byte[] expected = lost.contains(entry.getKey()) ? null : entry.getValue();
                assertThat(cache.get(b(entry.getKey()))).as("get %s (lost: %s)", entry.getKey(), expected == null).isEqualTo(expected);
            }
            List<String> keys = new ArrayList<>(written.keySet());
            List<byte[]> values = cache.getAll(keys.stream().map(CorruptionTest::b).toList());
            for (int i = 0; i < keys.size(); i++) {
                byte[] expected = lost.contains(keys.get(i)) ? null : written.get(keys.get(i));
                assertThat(values.get(i)).as("getAll %s", keys.get(i)).isEqualTo(expected);
            }
            // Replay indexes only records it verified, so reads never meet the damage.
            assertThat(cache.stats().checksumFailures()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, true", "2, true", "3, false", "4, false"})
    void damageFoundByReadsIsAMissAndACounter(long seed, boolean mappedReads) throws IOException {
        Path file = dir.resolve("data");
        Map<String, byte[]> written = writeKeys(file, seed);
        DataFileLayout layout = DataFileLayout.read(file);
        try (DiskCache cache = builder(file).mappedReads(mappedReads).open()) { // recovered: every record indexed
            Random random = new Random(seed);
            List<DataFileLayout.Record> records = new ArrayList<>(layout.allRecords());
            Collections.shuffle(records, random);
            List<DataFileLayout.Record> damaged = records.subList(0, 5);
            flipBytes(file, damaged.stream().map(r -> r.offset() + random.nextInt(r.verifiedBytes())).toList(), random);
            Set<String> damagedKeys = new HashSet<>();
            for (DataFileLayout.Record r : damaged) damagedKeys.add(r.key());

            for (var entry : written.entrySet()) {
                byte[] expected = damagedKeys.contains(entry.getKey()) ? null : entry.getValue();
                assertThat(cache.get(b(entry.getKey()))).as("get %s", entry.getKey()).isEqualTo(expected);
            }
            assertThat(cache.stats().checksumFailures()).isEqualTo(damaged.size());

            List<String> keys = new ArrayList<>(written.keySet());
            List<byte[]> values = cache.getAll(keys.stream().map(CorruptionTest::b).toList());
            for (int i = 0; i < keys.size(); i++) {
                byte[] expected = damagedKeys.contains(keys.get(i)) ? null : written.get(keys.get(i));
                assertThat(values.get(i)).as("getAll %s", keys.get(i)).isEqualTo(expected);
            }
            assertThat(cache.stats().checksumFailures()).isEqualTo(2L * damaged.size());
        }
    }

    @Test
    void damageFoundByAReclaimDropsTheRecordAndCountsIt() throws IOException {
        Path file = dir.resolve("data");
        try (DiskCache cache = builder(file).mappedReads(false).open()) {
            cache.put(b("victim"), new byte[1000]); // the first record of the first region
            cache.put(b("witness"), new byte[1000]);
            byte[] filler = new byte[3000];
            for (int i = 0; cache.stats().sealedRegions() < 2; i++) cache.put(b("hot" + i % 4), filler);
            DataFileLayout.Record victim = DataFileLayout.read(file).allRecords().stream()
                    .filter(r -> r.key().equals("victim")).findFirst().orElseThrow();
            flipBytes(file, List.of(victim.offset() + victim.verifiedBytes() - 8), new Random(1)); // in its value

            // written over and over by a few keys, the first region is mostly dead: its reclaim reads
            // only what the index still points at (RegionTags), the victim and the witness
            for (int i = 0; cache.stats().evictedRegions() == 0; i++) cache.put(b("hot" + i % 4), filler);

            assertThat(cache.stats().checksumFailures()).isEqualTo(1);
            assertThat(cache.mayContain(b("victim"))).as("the damaged record is out of the index").isFalse();
            assertThat(cache.mayContain(b("witness"))).as("evicted without damage").isFalse();
            assertThat(cache.get(b("victim"))).isNull();
            cache.put(b("after"), b("fine"));
            assertThat(cache.get(b("after"))).isEqualTo(b("fine"));
        }
    }

    // ---- files that are not (good) Larder files

    @Test
    void badMagicIsNotALarderFile() throws IOException {
        Path file = createClosed();
        patch(file, SuperblockDescriptor.MAGIC_OFFSET, ByteBuffer.allocate(8).putLong(0x1234_5678_9ABC_DEF0L).flip());
        assertOpenFails(file, "not a Larder data file");
    }

    @Test
    void foreignFileIsRefusedAndLeftUntouched() throws IOException {
        Path file = dir.resolve("notes.txt");
        byte[] content = "my precious notes\n".repeat(4000).getBytes(UTF_8);
        Files.write(file, content);
        assertOpenFails(file, "not a Larder data file");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void otherFormatVersionIsRefused() throws IOException {
        Path file = createClosed();
        patch(file, SuperblockDescriptor.VERSION_OFFSET, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(2).flip());
        assertOpenFails(file, "version");
    }

    @Test
    void damagedSuperblockIsRefused() throws IOException {
        Path file = createClosed();
        flipBytes(file, List.of((long) SuperblockDescriptor.CREATED_OFFSET), new Random(1));
        assertOpenFails(file, "corrupt superblock");
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = createClosed();
        truncate(file, Files.size(file) / 2);
        assertOpenFails(file, "truncated");
        truncate(file, 1000); // the superblock is whole: it says how much is missing
        assertOpenFails(file, "truncated");
        truncate(file, 100); // shorter than the smallest data file
        assertOpenFails(file, "not a Larder data file");
        truncate(file, 0);
        assertOpenFails(file, "not a Larder data file");
    }

    @Test
    void directoryIsRefused() {
        assertOpenFails(dir, "is a directory");
    }

    @Test
    void capacityBeyondFreeSpaceIsRefusedAndLeavesNoFile() throws IOException {
        Path file = dir.resolve("huge");
        long usable = Files.getFileStore(dir).getUsableSpace();
        assertThatThrownBy(() -> DiskCache.builder(file).capacityBytes(usable + (1L << 40)).open())
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThat(file).doesNotExist();
    }

    @Test
    void differentGeometryOnReopenNamesTheSetting() throws IOException {
        Path file = dir.resolve("data");
        try (DiskCache cache = builder(file).open()) {
            cache.put(b("k"), b("v"));
        }
        assertThatThrownBy(() -> builder(file).regionSizeBytes(2 * REGION).open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regionSizeBytes");
        assertThatThrownBy(() -> builder(file).blockSizeBytes(2 * BLOCK).open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockSizeBytes");
        assertThatThrownBy(() -> builder(file).capacityBytes(2 * CAPACITY).open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacityBytes");
        try (DiskCache cache = builder(file).open()) { // same settings: fine
            assertThat(cache.get(b("k"))).isEqualTo(b("v"));
        }
        try (DiskCache cache = DiskCache.builder(file).open()) { // no settings: the file's own
            assertThat(cache.get(b("k"))).isEqualTo(b("v"));
            assertThat(cache.stats().regionSizeBytes()).isEqualTo(REGION);
        }
    }

    // ---- helpers

    private static DiskCacheBuilder builder(Path file) {
        return DiskCache.builder(file).capacityBytes(CAPACITY).blockSizeBytes(BLOCK).regionSizeBytes(REGION);
    }

    /** Writes {@link #KEYS} distinct keys (each once) with 1 to 6000 byte values, then closes. */
    private static Map<String, byte[]> writeKeys(Path file, long seed) throws IOException {
        Random random = new Random(seed);
        Map<String, byte[]> written = new LinkedHashMap<>();
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < KEYS; i++) {
                byte[] value = new byte[1 + random.nextInt(6000)];
                random.nextBytes(value);
                written.put("key-" + i, value);
                cache.putBuffered(b("key-" + i), value);
            }
        }
        return written;
    }

    /**
     * Recovery reads a region up to its first record that fails verification, and skips a region
     * whose header fails; so a key is lost exactly when its region's header or a record at or
     * before it in its region was hit (padding and free space are not verified).
     */
    private static Set<String> predictLost(DataFileLayout layout, List<Long> flips) {
        Set<String> lost = new HashSet<>();
        for (DataFileLayout.Region region : layout.regions()) {
            boolean damaged = hitsAny(flips, region.offset(), RegionHeaderDescriptor.CRC_OFFSET + 4);
            for (DataFileLayout.Record record : region.records()) {
                damaged |= hitsAny(flips, record.offset(), record.verifiedBytes());
                if (damaged) lost.add(record.key());
            }
        }
        return lost;
    }

    private static boolean hitsAny(List<Long> flips, long from, int length) {
        return flips.stream().anyMatch(f -> f >= from && f < from + length);
    }

    /** XORs each byte at {@code offsets} with a non-zero value, so every one really changes. */
    private static void flipBytes(Path file, List<Long> offsets, Random random) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long offset : offsets) {
                ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, offset);
                one.put(0, (byte) (one.get(0) ^ (1 + random.nextInt(255))));
                channel.write(one.rewind(), offset);
            }
        }
    }

    private Path createClosed() throws IOException {
        Path file = dir.resolve("data");
        try (DiskCache cache = builder(file).open()) {
            cache.put(b("k"), b("v"));
        }
        return file;
    }

    private static void patch(Path file, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void assertOpenFails(Path file, String message) {
        assertThatThrownBy(() -> DiskCache.builder(file).open())
                .isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
