package dev.larder.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.CacheStats;
import dev.larder.cache.HybridCache;
import dev.larder.testing.KilledChild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes through the hybrid cache's API: a child JVM ({@link CrashPutter}) puts and
 * invalidates through a write-through cache (durability BATCH) and is killed with SIGKILL at a
 * random moment; the parent reopens a cache on the same file and checks that every acknowledged
 * put reads back exactly, every acknowledged invalidation stays invalidated, and every other key
 * it finds is exact too. Rounds run on the same file, so later rounds recover what earlier
 * crashes left. The disk is roomy: nothing is evicted, so "acknowledged" must mean "present".
 */
class CrashTest {
    private static final int ROUNDS = 6;
    private static final int THREADS = 4;
    /** Value bytes per round: the kill (at most 600 ms in) nearly always lands mid-write; all rounds fit the disk. */
    private static final long BYTES_PER_ROUND = 16L << 20;

    @TempDir Path dir;

    /** What one child acknowledged. */
    private record Round(int round, Set<String> acked, Set<String> deleted, int[] maxAckedIndex, boolean capped) {}

    @Test
    void acknowledgedPutsAndInvalidationsSurviveKillNine() throws Exception {
        Path file = dir.resolve("crash.dat");
        Random random = new Random(21);
        List<Round> history = new ArrayList<>();
        int killedMidWrite = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Round result = runChildAndKill(file, round, 100 + random.nextInt(501));
            history.add(result);
            if (!result.capped()) killedMidWrite++;
            verify(file, history);
        }
        assertThat(killedMidWrite).as("rounds in which the kill interrupted writing").isPositive();
    }

    private Round runChildAndKill(Path file, int round, int killDelayMs) throws Exception {
        List<String> lines = KilledChild.run(dir.resolve("child-" + round + ".err"), CrashPutter.class,
                List.of(file.toString(), Integer.toString(round), Integer.toString(THREADS), Long.toString(BYTES_PER_ROUND)),
                "ACK ", killDelayMs);
        Set<String> acked = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("ACK ")) acked.add(line.substring(4));
            else if (line.startsWith("DEL ")) deleted.add(line.substring(4));
        }
        boolean capped = lines.contains("CAP");

        int[] maxAcked = KilledChild.highestAckedPerThread(acked, THREADS);
        return new Round(round, Set.copyOf(acked), Set.copyOf(deleted), maxAcked, capped);
    }

    /**
     * Reopens and reads every key any round may have written (a thread has at most one put in
     * flight, so up to a few keys past its last acknowledgement): acknowledged and not
     * invalidated keys exact, acknowledged invalidations absent, the rest absent or exact.
     */
    private static void verify(Path file, List<Round> history) throws IOException {
        int margin = 4;
        int ackedFound = 0, ackedTotal = 0, deletedTotal = 0, unackedFound = 0;
        try (HybridCache<String, byte[]> cache = CrashPutter.builder(file).build()) {
            for (Round round : history) {
                List<String> keys = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    for (int i = 0; i <= round.maxAckedIndex()[t] + margin; i++) keys.add(CrashPutter.key(round.round(), t, i));
                }
                Map<String, byte[]> found = readAll(cache, keys);
                for (String key : keys) {
                    byte[] value = found.get(key);
                    int i = Integer.parseInt(key.substring(key.lastIndexOf('k') + 1));
                    boolean mayBeDeleted = CrashPutter.deletedAfter(i) >= 0;
                    if (round.deleted().contains(key)) {
                        deletedTotal++;
                        assertThat(value).as("invalidated key %s after round %d", key, history.size() - 1).isNull();
                    } else if (round.acked().contains(key) && !mayBeDeleted) {
                        ackedTotal++;
                        assertThat(value).as("acknowledged key %s after round %d", key, history.size() - 1).isNotNull();
                    }
                    if (value != null) {
                        assertThat(Arrays.equals(value, CrashPutter.valueFor(key)))
                                .as("%s reads back exactly (%d bytes read)", key, value.length).isTrue();
                        if (round.acked().contains(key)) ackedFound++;
                        else unackedFound++;
                    }
                }
            }
            CacheStats stats = cache.stats();
            System.out.printf("hybrid crash round %d: %d acknowledged keys checked present, %d invalidations checked, "
                            + "%d acknowledged found in all, %d unacknowledged found, capped=%s%n", history.size() - 1,
                    ackedTotal, deletedTotal, ackedFound, unackedFound, history.getLast().capped());
            assertThat(stats.disk().evictedRegions()).as("premise: nothing was evicted").isZero();
            assertThat(stats.disk().checksumFailures()).as("checksum failures after recovery").isZero();
            assertThat(stats.decodeFailures()).isZero();
        }
    }

    /** Point reads for half the keys, batch reads for the other half. */
    private static Map<String, byte[]> readAll(HybridCache<String, byte[]> cache, List<String> keys) {
        Map<String, byte[]> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 64) {
            List<String> slice = keys.subList(from, Math.min(keys.size(), from + 64));
            if ((from / 64) % 2 == 0) {
                found.putAll(cache.getAll(slice));
            } else {
                for (String key : slice) {
                    byte[] value = cache.getIfPresent(key);
                    if (value != null) found.put(key, value);
                }
            }
        }
        return found;
    }
}
