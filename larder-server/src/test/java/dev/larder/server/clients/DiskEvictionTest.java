package dev.larder.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A disk tier far too small for what is written (64 MiB for 128 MiB of values): the keys it evicts
 * leave the key directory without anyone reading them, so DBSIZE plus INFO's evicted_keys is what
 * was written and every key still listed reads back; a key kept hot in the memory tier is written
 * back to disk when its disk copy is evicted, so it also survives a restart.
 */
class DiskEvictionTest {
    private static final int FILLERS = 8_000;
    private static final int VALUE_BYTES = 16 << 10;
    private static final long SETTLE_TIMEOUT_MS = 20_000;

    @TempDir Path dir;

    @Test
    void evictedKeysLeaveTheDirectoryAndHotKeysStayOnDisk() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDir(dir).withMaxMemory(1 << 20).withDiskCapacity(64L << 20);
        byte[] hot = "the hot value".getBytes();
        try (LarderServer server = LarderServer.start(config); Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
            jedis.set("hot".getBytes(), hot);
            fill(jedis);
            long evicted = awaitSettled(jedis);
            assertThat(evicted).isPositive();
            assertThat(jedis.dbSize() + evicted).isEqualTo(FILLERS + 1);

            Set<byte[]> listed = jedis.keys("*".getBytes());
            List<byte[]> keys = new ArrayList<>(listed);
            List<byte[]> values = jedis.mget(keys.toArray(new byte[0][]));
            for (int i = 0; i < keys.size(); i++) assertThat(values.get(i)).as(new String(keys.get(i))).isNotNull();
            assertThat(evictedKeys(jedis)).as("no listed key turned out to be gone").isEqualTo(evicted);
            assertThat(jedis.get("hot".getBytes())).isEqualTo(hot);
        }
        try (LarderServer server = LarderServer.start(config); Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
            assertThat(jedis.get("hot".getBytes())).as("written back to disk, so it survives a restart").isEqualTo(hot);
        }
    }

    /** Writes the fillers in pipelined batches, reading the hot key often so the memory tier keeps it. */
    private static void fill(Jedis jedis) {
        Random rnd = new Random(3);
        byte[] value = new byte[VALUE_BYTES];
        for (int batch = 0; batch < FILLERS / 100; batch++) {
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < 100; i++) {
                rnd.nextBytes(value);
                p.set(("f" + (batch * 100 + i)).getBytes(), value.clone());
            }
            p.get("hot".getBytes());
            p.sync();
        }
    }

    /** Waits (bounded) until the evicted count stops moving; returns it. */
    private static long awaitSettled(Jedis jedis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        long last = -1;
        while (System.currentTimeMillis() < deadline) {
            long now = evictedKeys(jedis);
            if (now == last && now > 0 && jedis.dbSize() + now == FILLERS + 1) return now;
            last = now;
            Thread.sleep(300);
        }
        return evictedKeys(jedis);
    }

    private static long evictedKeys(Jedis jedis) {
        return jedis.info("stats").lines().filter(l -> l.startsWith("evicted_keys:"))
                .mapToLong(l -> Long.parseLong(l.substring("evicted_keys:".length()).trim())).findFirst().orElseThrow();
    }
}
