package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * kill -9 of a server (appendfsync everysec) while clients write: every acknowledged SET, MSET
 * and INCR must survive the restart, and a write in flight must be all there or not at all.
 * Rounds accumulate in one data directory, so each restart also re-checks earlier rounds.
 *
 * <p>Per round: four SET writers (pipelined in the last round, acknowledged per sync()), one
 * MSET writer and one INCR writer, killed after a random 300-1500 ms. A byte budget per round
 * keeps the total far below the disk tier, where eviction would lawfully drop keys.
 */
class KillNineTest {
    private static final int ROUNDS = 4;
    private static final int PIPELINED_ROUND = ROUNDS - 1;
    private static final int SET_WRITERS = 4;
    private static final int PIPELINE_BATCH = 32;
    private static final int MAX_WRITES_PER_WRITER = 100_000;
    private static final long BUDGET_BYTES_PER_ROUND = 512L << 20;
    private static final String COUNTER = "counter";
    private static final String[] SERVER_ARGS = {"--disk-capacity", "4gb", "--appendfsync", "everysec"};

    @TempDir
    Path scratch;

    private final AckLedger ledger = new AckLedger();
    private final AtomicLong counterAcked = new AtomicLong();

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Path dir = scratch.resolve("data");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round <= ROUNDS; round++) {
            try (ServerProcess server = ServerProcess.start(dir, "1g", SERVER_ARGS)) {
                verifyAfterRestart(server, round, seed);
                if (round == ROUNDS) break;
                int killAfterMs = 300 + random.nextInt(1201);
                int ackedBefore = ledger.ackedCount();
                writeUntilKilled(server, round, killAfterMs);
                System.out.printf("round %d: killed after %d ms, %d keys acknowledged, %d unsure%n", round, killAfterMs,
                        ledger.ackedCount() - ackedBefore, ledger.unsureCount());
                assertThat(ledger.ackedCount()).as("round %d acknowledged some writes before the kill", round)
                        .isGreaterThan(ackedBefore);
            }
        }
    }

    private void verifyAfterRestart(ServerProcess server, int round, long seed) {
        try (Jedis jedis = client(server.port())) {
            long counter = jedis.get(COUNTER) == null ? 0 : Long.parseLong(jedis.get(COUNTER));
            long acked = counterAcked.get();
            // an INCR in flight at the kill may or may not have been kept
            assertThat(counter).as("counter after restart %d (seed %d); %s", round, seed, server.stderrTail())
                    .isBetween(acked, acked + 1);
            counterAcked.set(counter);
            List<String> problems = ledger.verify(jedis);
            assertThat(problems).as("keys after restart %d (seed %d); %s", round, seed, server.stderrTail()).isEmpty();
            assertThat(jedis.dbSize()).as("DBSIZE after restart %d: every kept key and no other", round)
                    .isEqualTo(ledger.ackedCount() + (counter > 0 ? 1 : 0));
        }
    }

    private void writeUntilKilled(ServerProcess server, int round, int killAfterMs) throws Exception {
        AtomicLong budget = new AtomicLong(BUDGET_BYTES_PER_ROUND);
        ExecutorService writers = Executors.newFixedThreadPool(SET_WRITERS + 2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < SET_WRITERS; t++) {
                String prefix = "r" + round + "-t" + t + "-k";
                done.add(writers.submit(round == PIPELINED_ROUND
                        ? () -> untilKilled(() -> pipelinedSets(server.port(), prefix, budget))
                        : () -> untilKilled(() -> sets(server.port(), prefix, budget))));
            }
            done.add(writers.submit(() -> untilKilled(() -> msets(server.port(), "r" + round + "-m-k", budget))));
            done.add(writers.submit(() -> untilKilled(() -> incrs(server.port()))));
            Thread.sleep(killAfterMs); // not synchronisation: the random moment of the crash
            server.kill9();
            for (Future<?> writer : done) writer.get(30, TimeUnit.SECONDS); // rethrows anything but the kill
        } finally {
            writers.shutdownNow();
        }
    }

    private interface Writes {
        void run();
    }

    /** Runs until the kill breaks the connection; any other failure (an error reply, say) fails the test. */
    private static void untilKilled(Writes writes) {
        try {
            writes.run();
        } catch (JedisConnectionException killed) {
            // expected: the server died under us
        }
    }

    private void sets(int port, String prefix, AtomicLong budget) {
        try (Jedis jedis = client(port)) {
            for (int i = 0; i < MAX_WRITES_PER_WRITER; i++) {
                String key = prefix + i;
                byte[] value = KeyedValues.valueOf(key);
                if (budget.addAndGet(-value.length) < 0) return;
                ledger.sending(List.of(key));
                assertThat(jedis.set(key.getBytes(UTF_8), value)).isEqualTo("OK");
                ledger.acknowledged(List.of(key));
            }
        }
    }

    private void pipelinedSets(int port, String prefix, AtomicLong budget) {
        try (Jedis jedis = client(port)) {
            for (int i = 0; i < MAX_WRITES_PER_WRITER; i += PIPELINE_BATCH) {
                List<String> batch = new ArrayList<>();
                Pipeline pipeline = jedis.pipelined();
                for (int j = i; j < i + PIPELINE_BATCH; j++) {
                    String key = prefix + j;
                    byte[] value = KeyedValues.valueOf(key);
                    if (budget.addAndGet(-value.length) < 0) break;
                    batch.add(key);
                    ledger.sending(List.of(key)); // before set: Jedis may flush a full buffer before sync
                    pipeline.set(key.getBytes(UTF_8), value);
                }
                pipeline.sync();
                ledger.acknowledged(batch);
                if (batch.size() < PIPELINE_BATCH) return;
            }
        }
    }

    /** MSETs of three keys at a time. */
    private void msets(int port, String prefix, AtomicLong budget) {
        try (Jedis jedis = client(port)) {
            for (int i = 0; i < MAX_WRITES_PER_WRITER; i++) {
                List<String> keys = List.of(prefix + i + "a", prefix + i + "b", prefix + i + "c");
                List<byte[]> keysAndValues = new ArrayList<>();
                for (String key : keys) {
                    keysAndValues.add(key.getBytes(UTF_8));
                    keysAndValues.add(KeyedValues.valueOf(key));
                    if (budget.addAndGet(-keysAndValues.getLast().length) < 0) return;
                }
                ledger.sending(keys);
                assertThat(jedis.mset(keysAndValues.toArray(byte[][]::new))).isEqualTo("OK");
                ledger.acknowledged(keys);
            }
        }
    }

    private void incrs(int port) {
        try (Jedis jedis = client(port)) {
            for (int i = 0; i < MAX_WRITES_PER_WRITER; i++) counterAcked.set(jedis.incr(COUNTER));
        }
    }

    private static Jedis client(int port) {
        return new Jedis("127.0.0.1", port, 30_000);
    }
}
