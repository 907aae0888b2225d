package dev.larder.server.keyspace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key directory's references to values in the memory tier, against a model, with a memory
 * tier of a few dozen values that evicts on nearly every write, resizes, and sometimes gets values
 * larger than itself; keys are also given deadlines, deleted by a past one, and flushed: every read returns the model's value, and at every step each value the
 * directory references is one the memory tier still holds (so it keeps nothing alive past
 * {@code maxmemory}).
 */
class DirectoryValuesTest {
    private static final int KEYS = 300;

    @TempDir Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void readsMatchTheModelAndEveryReferencedValueIsInMemory(long seed) throws IOException {
        Random random = new Random(seed);
        Map<String, byte[]> model = new HashMap<>();
        int referenced = 0;
        try (Keyspace keyspace = Keyspace.open(dir, 64 << 10, 64 << 20)) {
            for (int op = 0; op < 20_000; op++) {
                String key = "k" + random.nextInt(KEYS);
                switch (random.nextInt(14)) {
                    case 0, 1, 2 -> {
                        byte[] value = value(random);
                        keyspace.set(0, b(key), value, 0);
                        model.put(key, value);
                    }
                    case 3 -> {
                        keyspace.delete(0, b(key));
                        model.remove(key);
                    }
                    case 4 -> { // APPEND's path: read, then write keeping the expiry
                        byte[] old = keyspace.get(0, b(key));
                        byte[] appended = concat(old == null ? new byte[0] : old, b("+"));
                        keyspace.setKeepingTtl(0, b(key), appended);
                        model.put(key, appended);
                    }
                    case 5 -> { // a pipeline of GETs
                        List<byte[]> keys = new ArrayList<>();
                        for (int i = 0; i < 8; i++) keys.add(b("k" + random.nextInt(KEYS)));
                        keyspace.prefetch(0, keys);
                        for (byte[] k : keys) assertThat(keyspace.get(0, k)).isEqualTo(model.get(new String(k, UTF_8)));
                        keyspace.endBatch();
                    }
                    case 6 -> keyspace.setMemoryBytes(random.nextBoolean() ? 16 << 10 : 128 << 10);
                    case 7 -> keyspace.setExpireAt(0, b(key), keyspace.now() + 3_600_000); // rewritten with a deadline
                    case 8 -> { // a deadline already past: removed from both the directory and the tier
                        keyspace.setExpireAt(0, b(key), keyspace.now() - 1);
                        model.remove(key);
                    }
                    default -> assertThat(keyspace.get(0, b(key))).as("op %d, %s", op, key).isEqualTo(model.get(key));
                }
                for (byte[] cached : keyspace.keysWithDirectoryValues(0)) {
                    assertThat(keyspace.inMemoryTier(0, cached)).as("op %d: %s referenced but evicted", op,
                            new String(cached, UTF_8)).isTrue();
                }
                referenced += keyspace.keysWithDirectoryValues(0).isEmpty() ? 0 : 1;
                if (op % 500 == 499) keyspace.adaptDirectoryValues(); // as housekeeping does: both modes are run
                if (op % 7000 == 6999) {
                    keyspace.flushDb(0);
                    model.clear();
                }
            }
            for (int i = 0; i < KEYS; i++) assertThat(keyspace.get(0, b("k" + i))).isEqualTo(model.get("k" + i));
            assertThat(keyspace.stats().directoryHits()).as("premise: reads were served by the directory").isPositive();
            assertThat(referenced).as("premise: the directory referenced values").isPositive();
        }
    }

    @Test
    void referencesStopWhileTheMemoryTierEvictsHardAndResumeWhenItIsQuiet() throws IOException {
        try (Keyspace keyspace = Keyspace.open(dir, 64 << 10, 64 << 20)) {
            byte[] value = new byte[1000];
            for (int i = 0; i < 200; i++) keyspace.set(0, b("warm" + i), value, 0);
            assertThat(keyspace.adaptDirectoryValues()).as("fewer evictions than the threshold").isTrue();
            for (int i = 0; i < Keyspace.BUSY_EVICTIONS + 500; i++) keyspace.set(0, b("k" + i), value, 0);
            assertThat(keyspace.adaptDirectoryValues()).as("busy: off").isFalse();
            assertThat(keyspace.keysWithDirectoryValues(0)).isEmpty();
            keyspace.set(0, b("while-off"), b("v"), 0);
            assertThat(keyspace.get(0, b("while-off"))).isEqualTo(b("v"));
            assertThat(keyspace.keysWithDirectoryValues(0)).as("nothing referenced while off").isEmpty();

            keyspace.setMemoryBytes(64 << 20); // room for everything: no more evictions
            for (int i = 0; i < Keyspace.QUIET_CHECKS - 1; i++) assertThat(keyspace.adaptDirectoryValues()).isFalse();
            assertThat(keyspace.adaptDirectoryValues()).as("quiet for long enough: on").isTrue();
            keyspace.set(0, b("while-on"), b("v"), 0);
            assertThat(keyspace.keysWithDirectoryValues(0)).extracting(k -> new String(k, UTF_8)).containsExactly("while-on");
            assertThat(keyspace.get(0, b("while-on"))).isEqualTo(b("v"));
            assertThat(keyspace.get(0, b("k0"))).isEqualTo(value);
        }
    }

    @Test
    void readsReachTheMemoryTierPolicyOnlyOnceTheTierIsHalfFull() throws IOException {
        try (Keyspace keyspace = Keyspace.open(dir, 256 << 10, 64 << 20)) {
            keyspace.set(0, b("hot"), b("v"), 0);
            assertThat(keyspace.adaptTouches()).as("nearly empty: off").isFalse();
            long before = keyspace.storeStats().memoryHits();
            for (int i = 0; i < 64; i++) assertThat(keyspace.get(0, b("hot"))).isEqualTo(b("v"));
            assertThat(keyspace.storeStats().memoryHits()).as("no touches below half").isEqualTo(before);

            int written = 0;
            while (!keyspace.adaptTouches() && written < 1_000) keyspace.set(0, b("fill" + written++), new byte[1000], 0);
            assertThat(written).as("half of 256 KiB in 1 KiB values").isBetween(80, 130);
            before = keyspace.storeStats().memoryHits();
            for (int i = 0; i < 64; i++) assertThat(keyspace.get(0, b("hot"))).isEqualTo(b("v"));
            assertThat(keyspace.storeStats().memoryHits()).as("every 16th read touches").isEqualTo(before + 4);
            assertThat(keyspace.storeStats().memoryEvictions()).as("premise: nothing evicted").isZero();
        }
    }

    /** Mostly small; one in fifty larger than the whole memory tier (evicted as soon as written). */
    private static byte[] value(Random random) {
        byte[] value = new byte[random.nextInt(50) == 0 ? 200 << 10 : 100 + random.nextInt(3000)];
        random.nextBytes(value);
        return value;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
