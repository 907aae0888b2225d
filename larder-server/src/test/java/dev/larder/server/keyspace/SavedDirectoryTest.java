package dev.larder.server.keyspace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The saved key directory: loaded only when nothing changed since the save, ignored when damaged;
 * either way the keyspace after reopening equals the one before.
 */
class SavedDirectoryTest {
    private static final long MEMORY = 16 << 20;
    private static final long DISK = 128 << 20;

    @TempDir Path dir;

    /** db → key → expireAtMs (0 = none); values are "v-" + key. */
    private final Map<Integer, Map<String, Long>> model = new HashMap<>();

    @Test
    void aSavedDirectoryIsLoadedAndEqualsTheOneSaved() throws IOException {
        try (Keyspace keyspace = open()) {
            fill(keyspace, new Random(1));
            keyspace.save();
        }
        try (Keyspace keyspace = open()) {
            assertThat(keyspace.directoryLoaded()).isTrue();
            assertMatchesModel(keyspace);
        }
    }

    @Test
    void aChangeAfterTheSaveMakesTheOpenRebuildTheDirectory() throws IOException {
        try (Keyspace keyspace = open()) {
            fill(keyspace, new Random(2));
            keyspace.save();
            keyspace.delete(0, b("key-3"));
            model.get(0).remove("key-3");
            set(keyspace, 7, "late", 0);
        }
        try (Keyspace keyspace = open()) {
            assertThat(keyspace.directoryLoaded()).isFalse();
            assertMatchesModel(keyspace);
        }
    }

    @Test
    void keysThatExpiredWhileStoppedAreGoneEitherWay() throws IOException {
        try (Keyspace keyspace = open()) {
            fill(keyspace, new Random(3));
            keyspace.set(2, b("short"), b("v-short"), System.currentTimeMillis() + 50);
            keyspace.save();
        }
        sleep(100);
        try (Keyspace keyspace = open()) {
            assertThat(keyspace.directoryLoaded()).isTrue();
            assertThat(keyspace.exists(2, b("short"))).isFalse();
            assertMatchesModel(keyspace);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void aDamagedSavedDirectoryIsIgnored(int seed) throws IOException {
        try (Keyspace keyspace = open()) {
            fill(keyspace, new Random(seed));
            keyspace.save();
        }
        Path file = dir.resolve(DirectoryFile.NAME);
        Random random = new Random(seed);
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (seed % 2 == 0) {
                channel.truncate(random.nextLong(size));
            } else {
                long at = random.nextLong(size);
                ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, at);
                channel.write(one.put(0, (byte) (one.get(0) ^ (1 << random.nextInt(8)))).rewind(), at);
            }
        }
        try (Keyspace keyspace = open()) {
            assertThat(keyspace.directoryLoaded()).isFalse();
            assertMatchesModel(keyspace);
        }
    }

    private Keyspace open() throws IOException {
        return Keyspace.open(dir, MEMORY, DISK);
    }

    private void fill(Keyspace keyspace, Random random) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3000; i++) {
            int db = random.nextInt(3) == 0 ? random.nextInt(Keyspace.DATABASES) : 0;
            long expireAt = random.nextInt(4) == 0 ? now + 3_600_000 + random.nextInt(1_000_000) : 0;
            set(keyspace, db, "key-" + i, expireAt);
        }
    }

    private void set(Keyspace keyspace, int db, String key, long expireAtMs) {
        keyspace.set(db, b(key), b("v-" + key), expireAtMs);
        model.computeIfAbsent(db, d -> new HashMap<>()).put(key, expireAtMs);
    }

    private void assertMatchesModel(Keyspace keyspace) {
        for (int db = 0; db < Keyspace.DATABASES; db++) {
            Map<String, Long> keys = model.getOrDefault(db, Map.of());
            assertThat(keyspace.size(db)).as("size of db %d", db).isEqualTo(keys.size());
            for (var entry : keys.entrySet()) {
                byte[] key = b(entry.getKey());
                assertThat(keyspace.expireAt(db, key)).as("expiry of %s in db %d", entry.getKey(), db).isEqualTo(entry.getValue());
                assertThat(keyspace.get(db, key)).isEqualTo(b("v-" + entry.getKey()));
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
