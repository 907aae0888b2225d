package dev.larder.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Jedis, a widely used client, against the server: commands, pipelines, binary data, databases. */
class JedisTest {
    @TempDir static Path dir;
    private static LarderServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Jedis jedis() {
        return new Jedis("127.0.0.1", server.port(), 5_000);
    }

    @BeforeEach
    void flush() {
        try (Jedis jedis = jedis()) {
            jedis.flushAll();
        }
    }

    @Test
    void stringsAndCounters() {
        try (Jedis jedis = jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("a", "alpha")).isEqualTo("OK");
            assertThat(jedis.get("a")).isEqualTo("alpha");
            assertThat(jedis.set("a", "x", SetParams.setParams().nx())).isNull();
            assertThat(jedis.setGet("a", "beta")).isEqualTo("alpha");
            assertThat(jedis.append("a", "!")).isEqualTo(5);
            assertThat(jedis.getrange("a", 1, -2)).isEqualTo("eta");
            assertThat(jedis.incrBy("n", 41)).isEqualTo(41);
            assertThat(jedis.incr("n")).isEqualTo(42);
            assertThat(jedis.incrByFloat("f", 10.5)).isEqualTo(10.5);
            assertThat(jedis.mget("a", "missing", "n")).containsExactly("beta!", null, "42");
            assertThat(jedis.msetnx("a", "1", "new", "2")).isZero();
            assertThat(jedis.exists("new")).isFalse();
            assertThatThrownBy(() -> jedis.incr("a")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(jedis.dbSize()).isEqualTo(3);
        }
    }

    @Test
    void expiryAndKeyspace() {
        try (Jedis jedis = jedis()) {
            jedis.setex("t", 1000, "v");
            assertThat(jedis.ttl("t")).isBetween(999L, 1000L);
            assertThat(jedis.persist("t")).isEqualTo(1);
            assertThat(jedis.ttl("t")).isEqualTo(-1);
            jedis.psetex("gone", 1, "v");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (jedis.exists("gone") && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(jedis.exists("gone")).isFalse();
            assertThat(jedis.rename("t", "u")).isEqualTo("OK");
            assertThat(jedis.type("u")).isEqualTo("string");
            assertThat(jedis.type("t")).isEqualTo("none");
            assertThat(jedis.copy("u", "w", false)).isTrue();
            assertThat(jedis.keys("*")).containsExactlyInAnyOrder("u", "w");
        }
    }

    @Test
    void scanVisitsEveryKeyOnceWhenNothingChanges() {
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 1000; i++) jedis.set("k" + i, "v");
            java.util.Set<String> seen = new java.util.HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(37).match("k*"));
                for (String key : page.getResult()) assertThat(seen.add(key)).as("returned twice: " + key).isTrue();
                cursor = page.getCursor();
                calls++;
            } while (!cursor.equals("0") && calls < 10_000);
            assertThat(seen).hasSize(1000);
        }
    }

    @Test
    void binaryKeysAndValuesRoundTrip() {
        Random random = new Random(5);
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 50; i++) {
                byte[] key = new byte[1 + random.nextInt(40)];
                byte[] value = new byte[random.nextInt(70_000)];
                random.nextBytes(key);
                random.nextBytes(value);
                jedis.set(key, value);
                assertThat(jedis.get(key)).isEqualTo(value);
            }
        }
    }

    @Test
    void deepPipelineRepliesInOrder() {
        try (Jedis jedis = jedis()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> gets = new java.util.ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                pipeline.set("p" + i, "v" + i);
                gets.add(pipeline.get("p" + (i / 2)));
            }
            pipeline.sync();
            for (int i = 0; i < gets.size(); i++) assertThat(gets.get(i).get()).isEqualTo("v" + (i / 2));
        }
    }

    @Test
    void shrinkingMaxmemoryKeepsEveryValueReadable() {
        try (Jedis jedis = jedis()) {
            String original = jedis.configGet("maxmemory").get("maxmemory");
            byte[] value = new byte[4096];
            new Random(5).nextBytes(value);
            for (int i = 0; i < 2_000; i++) jedis.set(("m" + i).getBytes(), value); // 8 MiB
            try {
                assertThat(jedis.configSet("maxmemory", "1mb")).isEqualTo("OK");
                assertThat(jedis.configGet("maxmemory")).isEqualTo(Map.of("maxmemory", "1048576"));
                String memory = jedis.info("memory");
                assertThat(memory).contains("maxmemory:1048576");
                assertThat(infoField(memory, "memory_tier_bytes")).isBetween(0L, 1048576L);
                for (int i = 0; i < 2_000; i++) assertThat(jedis.get(("m" + i).getBytes())).as("m%d", i).isEqualTo(value);
                assertThatThrownBy(() -> jedis.configSet("maxmemory", "lots"))
                        .hasMessage("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
            } finally {
                jedis.configSet("maxmemory", original);
            }
            assertThat(jedis.configGet("maxmemory")).isEqualTo(Map.of("maxmemory", original));
        }
    }

    private static long infoField(String info, String name) {
        return info.lines().filter(l -> l.startsWith(name + ":")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 1)))
                .findFirst().orElseThrow();
    }

    @Test
    void databasesAreSeparate() {
        try (Jedis jedis = jedis()) {
            jedis.set("k", "zero");
            jedis.select(7);
            assertThat(jedis.get("k")).isNull();
            jedis.set("k", "seven");
            jedis.select(0);
            assertThat(jedis.get("k")).isEqualTo("zero");
            assertThatThrownBy(() -> jedis.select(16)).hasMessage("ERR DB index is out of range");
            assertThat(jedis.configGet("databases")).isEqualTo(Map.of("databases", "16"));
        }
    }
}
