package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The index checkpoint is a shortcut, never a source of truth: an open uses it only when the log
 * is exactly as the checkpoint saw it, and otherwise replays the log. "Crash images" are copies of
 * the data file (and checkpoint) taken after a flush, as a kill -9 at that moment would leave them.
 */
class IndexCheckpointTest {
    private static final int BLOCK = 512;
    private static final int REGION = 64 << 10;
    private static final long CAPACITY = 2L * BLOCK + 64L * REGION;

    @TempDir Path dir;

    @Test
    void aCleanCloseLetsTheNextOpenSkipTheLogScan() throws IOException {
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < 2000; i++) put(cache, model, "key-" + i, "value-" + i + "-".repeat(i % 300));
            for (int i = 0; i < 2000; i += 7) delete(cache, model, "key-" + i);
        }
        assertThat(IndexCheckpoint.pathFor(file)).exists();
        try (DiskCache cache = builder(file).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isTrue();
            assertThat(cache.stats().readOps()).as("superblocks, region headers and one tail block only").isLessThanOrEqualTo(2 + 64 + 1);
            assertMatches(cache, model, 2000);
            assertThat(cache.stats().indexEntries()).isEqualTo(model.size());
        }
    }

    @Test
    void theLogMarkSurvivesAReopenOnlyWhileNothingChanges() throws IOException {
        Path file = dir.resolve("data");
        long mark, markAtClose;
        try (DiskCache cache = builder(file).open()) {
            cache.put(b("a"), b("1"));
            mark = cache.checkpoint();
            assertThat(cache.logMark()).isEqualTo(mark);
        }
        try (DiskCache cache = builder(file).open()) {
            assertThat(cache.logMark()).isEqualTo(mark);
            cache.put(b("b"), b("2"));
            markAtClose = cache.logMark();
            assertThat(markAtClose).isGreaterThan(mark);
        }
        Files.delete(IndexCheckpoint.pathFor(file));
        try (DiskCache cache = builder(file).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isFalse();
            assertThat(cache.logMark()).as("replay finds the mark the close left").isEqualTo(markAtClose);
            assertThat(cache.get(b("b"))).isEqualTo(b("2"));
        }
    }

    /** Each change made after a checkpoint, then a crash: the checkpoint must be refused. */
    @ParameterizedTest
    @ValueSource(strings = {"put", "overwrite", "delete", "clear", "newRegion", "wrapAround"})
    void aChangeAfterTheCheckpointMakesTheOpenReplayTheLog(String change) throws IOException {
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        Path image;
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < 300; i++) put(cache, model, "key-" + i, "v" + i);
            cache.checkpoint();
            switch (change) {
                case "put" -> put(cache, model, "late", "arrival");
                case "overwrite" -> put(cache, model, "key-5", "changed");
                case "delete" -> delete(cache, model, "key-5");
                case "clear" -> {
                    cache.clear();
                    model.clear();
                }
                case "newRegion" -> {
                    for (int i = 0; i < 200; i++) put(cache, model, "big-" + i, "x".repeat(1000));
                }
                case "wrapAround" -> { // every region is reused: old keys are evicted, as a cache does
                    for (int i = 0; i < 6000; i++) put(cache, model, "wrap-" + i, "y".repeat(1000));
                }
                default -> throw new IllegalArgumentException(change);
            }
            cache.flush();
            image = crashImage(file);
        }
        try (DiskCache cache = builder(image).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isFalse();
            if (change.equals("wrapAround")) {
                assertThat(cache.get(b("wrap-5999"))).isEqualTo(b("y".repeat(1000)));
                assertThat(cache.get(b("key-0"))).as("evicted long ago").isNull();
            } else {
                assertMatches(cache, model, 300);
                assertThat(cache.get(b("late"))).isEqualTo(model.containsKey("late") ? b("arrival") : null);
            }
        }
    }

    @Test
    void aCheckpointTakenWhileRunningServesACrashRightAfterIt() throws IOException {
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        Path image;
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < 500; i++) put(cache, model, "key-" + i, "v" + i);
            cache.checkpoint();
            image = crashImage(file);
        }
        try (DiskCache cache = builder(image).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isTrue();
            assertMatches(cache, model, 500);
            put(cache, model, "after", "reopen"); // the writer carries on in a fresh region
            assertMatches(cache, model, 500);
        }
        try (DiskCache cache = builder(image).open()) {
            assertMatches(cache, model, 500);
            assertThat(cache.get(b("after"))).isEqualTo(b("reopen"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void aDamagedOrForeignCheckpointIsIgnored(int damage) throws IOException {
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < 1000; i++) put(cache, model, "key-" + i, "v" + i);
        }
        Path checkpoint = IndexCheckpoint.pathFor(file);
        long size = Files.size(checkpoint);
        Random random = new Random(damage);
        switch (damage) {
            case 0 -> flip(checkpoint, random.nextLong(size)); // anywhere
            case 1 -> flip(checkpoint, 8 + random.nextLong(100)); // the header
            case 2 -> flip(checkpoint, size - 1 - random.nextLong(1000)); // the index
            case 3 -> truncate(checkpoint, random.nextLong(size));
            case 4 -> Files.write(checkpoint, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
            case 5 -> { // another file's checkpoint, same geometry
                Path other = dir.resolve("other");
                try (DiskCache cache = builder(other).open()) {
                    cache.put(b("key-1"), b("not ours"));
                }
                Files.copy(IndexCheckpoint.pathFor(other), checkpoint, StandardCopyOption.REPLACE_EXISTING);
            }
            case 6 -> pointPastTheDevice(checkpoint); // well-formed, checksum and all, but hostile
            default -> throw new IllegalArgumentException();
        }
        try (DiskCache cache = builder(file).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isFalse();
            assertMatches(cache, model, 1000);
        }
        try (DiskCache cache = builder(file).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).as("the close after the replay wrote a good one").isTrue();
            assertMatches(cache, model, 1000);
        }
    }

    @Test
    void damagedRecordsUnderACheckpointAreMissesFoundByTheirChecksums() throws IOException {
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        try (DiskCache cache = builder(file).open()) {
            for (int i = 0; i < 300; i++) put(cache, model, "key-" + i, "value-" + i + "#".repeat(200));
        }
        DataFileLayout.Record victim = DataFileLayout.read(file).allRecords().get(100);
        flip(file, victim.offset() + victim.verifiedBytes() / 2);
        model.remove(victim.key());
        try (DiskCache cache = builder(file).open()) {
            assertThat(((RegionEngine) cache).openedFromCheckpoint()).isTrue();
            assertMatches(cache, model, 300);
            assertThat(cache.stats().checksumFailures()).isEqualTo(1);
        }
    }

    /** Random work with checkpoints, clean reopens and crash images in between; reads always equal the model. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void randomHistoriesReadBackTheModel(long seed) throws IOException {
        Random random = new Random(seed);
        Path file = dir.resolve("data");
        Map<String, String> model = new HashMap<>();
        DiskCache cache = builder(file).open();
        try {
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(100);
                String key = "k" + random.nextInt(150);
                if (op < 60) put(cache, model, key, "v" + step + "-".repeat(random.nextInt(900)));
                else if (op < 80) delete(cache, model, key);
                else if (op < 88) cache.checkpoint();
                else if (op < 94) {
                    cache.close();
                    cache = builder(file).open();
                    assertMatches(cache, model, 150);
                } else {
                    cache.flush();
                    Path image = crashImage(file);
                    cache.close();
                    file = image;
                    cache = builder(file).open();
                    assertMatches(cache, model, 150);
                }
            }
        } finally {
            cache.close();
        }
    }

    private Path crashImage(Path file) throws IOException {
        Path imageDir = Files.createTempDirectory(dir, "image");
        Path image = imageDir.resolve(file.getFileName());
        Files.copy(file, image);
        Path checkpoint = IndexCheckpoint.pathFor(file);
        if (Files.exists(checkpoint)) Files.copy(checkpoint, IndexCheckpoint.pathFor(image));
        return image;
    }

    private static DiskCacheBuilder builder(Path file) {
        return DiskCache.builder(file).capacityBytes(CAPACITY).blockSizeBytes(BLOCK).regionSizeBytes(REGION);
    }

    private static void put(DiskCache cache, Map<String, String> model, String key, String value) {
        cache.put(b(key), b(value));
        model.put(key, value);
    }

    private static void delete(DiskCache cache, Map<String, String> model, String key) {
        cache.delete(b(key));
        model.remove(key);
    }

    /** Every key of the model reads its value; keys 0..range-1 of the usual shapes absent from it read null. */
    private static void assertMatches(DiskCache cache, Map<String, String> model, int range) {
        for (var entry : model.entrySet()) {
            assertThat(cache.get(b(entry.getKey()))).as("get %s", entry.getKey()).isEqualTo(b(entry.getValue()));
        }
        for (int i = 0; i < range; i++) {
            for (String key : new String[] {"key-" + i, "k" + i}) {
                if (!model.containsKey(key)) assertThat(cache.get(b(key))).as("get %s (absent)", key).isNull();
            }
        }
    }

    /**
     * Points every index slot of a checkpoint at the device's last possible block, far past its
     * regions, and writes the trailer's checksum anew: only the check of the locations can refuse it.
     */
    private static void pointPastTheDevice(Path checkpoint) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(checkpoint)).order(ByteOrder.LITTLE_ENDIAN);
        int capacity = bytes.getInt(8 + 4 + 8 + 8 + 8 + 4 + 4 + 4 + 8 + 4 + 4 + 4); // the header's capacity field
        int trailer = bytes.limit() - 4;
        for (int at = trailer - 4 * capacity; at < trailer; at += 4) bytes.putInt(at, -1);
        CRC32C crc = new CRC32C();
        crc.update(bytes.slice(0, trailer));
        bytes.putInt(trailer, (int) crc.getValue());
        Files.write(checkpoint, bytes.array());
    }

    private static void flip(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
