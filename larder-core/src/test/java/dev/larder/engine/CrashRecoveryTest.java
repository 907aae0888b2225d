package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
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
 * Real crashes: a child JVM ({@link CrashWriter}) writes with several threads and is killed with
 * SIGKILL at a random moment; the parent then recovers the file and checks that every write the
 * child acknowledged as durable reads back exactly, and that every other key it finds is exact too
 * (a torn tail is never served). Each test runs several rounds on the same file, so later rounds
 * recover a file that earlier recoveries and crashes left behind. The file is roomy: nothing is
 * evicted, so "acknowledged" must mean "present".
 */
class CrashRecoveryTest {
    private static final int THREADS = 4;
    /**
     * Value bytes a child writes before it idles: enough that the kill (at most 600 ms in) nearly
     * always lands while it is writing, little enough that all rounds fit the 1 GiB file.
     */
    private static final long DURABLE_BYTES_PER_ROUND = 80L << 20;
    private static final long BUFFERED_BYTES_PER_ROUND = 96L << 20;

    @TempDir Path dir;

    @Test
    void acknowledgedPutsSurviveKillNine() throws Exception {
        crashRounds("durable", 10, DURABLE_BYTES_PER_ROUND, new Random(11));
    }

    @Test
    void flushedBufferedPutsSurviveKillNine() throws Exception {
        crashRounds("buffered", 6, BUFFERED_BYTES_PER_ROUND, new Random(12));
    }

    @Test
    void writtenOutPutsSurviveKillNine() throws Exception {
        crashRounds("written", 4, BUFFERED_BYTES_PER_ROUND, new Random(13));
    }

    /** What one child run acknowledged: per thread, the highest key index acknowledged (-1 for none). */
    private record Round(int round, Set<String> acked, int[] maxAckedIndex, boolean capped) {}

    private void crashRounds(String mode, int rounds, long bytesPerRound, Random random) throws Exception {
        Path file = dir.resolve("crash.dat");
        List<Round> history = new ArrayList<>();
        int roundsKilledMidWrite = 0;
        for (int round = 0; round < rounds; round++) {
            Round result = runChildAndKill(file, round, mode, bytesPerRound, 100 + random.nextInt(501));
            history.add(result);
            if (!result.capped()) roundsKilledMidWrite++;
            verify(file, history, mode);
        }
        assertThat(roundsKilledMidWrite).as("rounds in which the kill interrupted writing").isPositive();
    }

    private Round runChildAndKill(Path file, int round, String mode, long maxBytes, int killDelayMs) throws Exception {
        List<String> lines = KilledChild.run(dir.resolve("child-" + round + ".err"), CrashWriter.class,
                List.of(file.toString(), Integer.toString(round), Integer.toString(THREADS), mode, Long.toString(maxBytes)),
                "ACK ", killDelayMs);
        Set<String> acked = new HashSet<>();
        for (String line : lines) if (line.startsWith("ACK ")) acked.add(line.substring(4));
        boolean capped = lines.contains("CAP");

        int[] maxAcked = KilledChild.highestAckedPerThread(acked, THREADS);
        return new Round(round, Set.copyOf(acked), maxAcked, capped);
    }

    /**
     * Recovers and reads every key any round may have written: acknowledged ones must be exact,
     * others absent or exact. In durable mode a thread has at most one put in flight; in buffered
     * mode at most one batch, so keys up to a batch beyond the last acknowledgement are probed.
     */
    private static void verify(Path file, List<Round> history, String mode) throws IOException {
        int margin = !mode.equals("durable") ? 2 * CrashWriter.BUFFERED_BATCH : 4;
        int ackedFound = 0, unackedFound = 0, ackedTotal = 0;
        try (DiskCache cache = CrashWriter.open(file)) {
            for (Round round : history) {
                List<String> keys = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    for (int i = 0; i <= round.maxAckedIndex()[t] + margin; i++) keys.add(CrashWriter.key(round.round(), t, i));
                }
                Map<String, byte[]> found = readAll(cache, keys);
                for (String key : keys) {
                    byte[] value = found.get(key);
                    boolean wasAcked = round.acked().contains(key);
                    if (wasAcked) {
                        ackedTotal++;
                        assertThat(value).as("acknowledged key %s after round %d", key, history.size() - 1).isNotNull();
                    }
                    if (value != null) {
                        assertThat(Arrays.equals(value, CrashWriter.valueFor(key)))
                                .as("%s reads back exactly (%d bytes read)", key, value.length).isTrue();
                        if (wasAcked) ackedFound++;
                        else unackedFound++;
                    }
                }
            }
            DiskStats stats = cache.stats();
            System.out.printf("crash %s round %d: %d/%d acknowledged keys present, %d unacknowledged present, "
                            + "%d regions sealed, capped=%s%n", mode, history.size() - 1, ackedFound, ackedTotal,
                    unackedFound, stats.sealedRegions(), history.getLast().capped());
            assertThat(stats.evictedRegions()).as("premise: nothing was evicted").isZero();
            // Recovery indexes only records it verified, so no read may meet a torn record.
            assertThat(stats.checksumFailures()).as("checksum failures after recovery").isZero();
        }
    }

    /** Point reads for half the keys, merged batch reads for the other half. */
    private static Map<String, byte[]> readAll(DiskCache cache, List<String> keys) {
        Map<String, byte[]> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 64) {
            List<String> slice = keys.subList(from, Math.min(keys.size(), from + 64));
            if ((from / 64) % 2 == 0) {
                List<byte[]> values = cache.getAll(slice.stream().map(k -> k.getBytes(UTF_8)).toList());
                for (int i = 0; i < slice.size(); i++) found.put(slice.get(i), values.get(i));
            } else {
                for (String key : slice) found.put(key, cache.get(key.getBytes(UTF_8)));
            }
        }
        return found;
    }
}
