package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher, the loader and the redis-benchmark runner against a real redis-server. */
@Timeout(60)
class RedisPeerTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRedis() {
        assumeTrue(dev.larder.bench.ServerBench.runnable("redis-server"), "redis-server is not installed");
        assumeTrue(dev.larder.bench.ServerBench.runnable("redis-benchmark"), "redis-benchmark is not installed");
    }

    private ServerProcess startRedis() throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        Path dir = tmp.resolve("redis");
        return ServerProcess.start("redis", new RedisLaunch("redis-server").command(port, dir), port, dir,
                Duration.ofSeconds(10));
    }

    @Test
    void loadsKeysThatReadBackIntactAndStopsTheServer() throws IOException {
        ServerProcess redis = startRedis();
        try (redis) {
            KeyLoader loader = new KeyLoader(redis.port(), 1000);
            KeyLoader.Result result = loader.load(5000, 3);

            assertThat(result.keys()).isEqualTo(5000);
            assertThat(result.seconds()).isPositive();
            try (RespConnection connection = RespConnection.open(redis.port(), 5000)) {
                assertThat(connection.call("DBSIZE")).isEqualTo(5000L);
                for (long i : new long[] {0, 1, 2500, 4999}) {
                    byte[] value = (byte[]) connection.call("GET", KeyLoader.keyName(i));
                    assertThat(loader.holds(i, value)).as("key %d", i).isTrue();
                }
                assertThat(connection.call("GET", KeyLoader.keyName(5000))).isNull();
            }
        }
        assertThat(redis.isAlive()).isFalse();
    }

    @Test
    void theAofPeerAppendsEveryWriteToItsLog() throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        Path dir = tmp.resolve("aof");
        try (ServerProcess redis = ServerProcess.start("redis", new RedisLaunch("redis-server", true).command(port, dir),
                port, dir, Duration.ofSeconds(10));
             RespConnection connection = RespConnection.open(redis.port(), 5000)) {
            connection.call("SET", "written-before-the-reply", "v");

            String aof;
            try (var files = Files.walk(dir)) { // Redis 7 keeps the log in appendonlydir/, named per generation
                aof = files.filter(f -> f.getFileName().toString().endsWith(".incr.aof")).findFirst().map(f -> {
                    try {
                        return Files.readString(f, StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).orElse("");
            }
            assertThat(aof).contains("written-before-the-reply");
        }
    }

    @Test
    void anErrorReplyFailsTheLoadOnEveryConnectionPromptly() throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        Path dir = tmp.resolve("full");
        List<String> command = new java.util.ArrayList<>(new RedisLaunch("redis-server").command(port, dir));
        command.addAll(List.of("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")); // SETs soon fail: OOM
        try (ServerProcess redis = ServerProcess.start("redis", command, port, dir, Duration.ofSeconds(10))) {
            long startNs = System.nanoTime();

            assertThatThrownBy(() -> new KeyLoader(redis.port(), 100).load(100_000, 4))
                    .isInstanceOf(IOException.class).hasMessageContaining("OOM");
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void runsOneWorkloadAndParsesItsRow() throws IOException {
        try (ServerProcess redis = startRedis()) {
            var bench = new RedisBenchmark("redis-benchmark", tmp.resolve("bench"));

            BenchmarkResult result = bench.run(redis.port(), new Workload("mset", 100, 16), 2000, 1000);

            assertThat(result.testId()).isEqualTo("mset");
            assertThat(result.rps()).isPositive();
            assertThat(result.p99Ms()).isGreaterThanOrEqualTo(result.p50Ms());
        }
    }

    @Test
    void aFailedRunQuotesRedisBenchmarksError() throws IOException {
        try (ServerProcess redis = startRedis()) {
            var bench = new RedisBenchmark("redis-benchmark", tmp.resolve("bench"));
            try (RespConnection connection = RespConnection.open(redis.port(), 5000)) {
                connection.call("SET", "counter:000000000000", "not a number");
            }

            // INCR on a string is an error reply, and redis-benchmark 7 exits on the first one
            assertThatThrownBy(() -> bench.run(redis.port(), new Workload("incr", 100, 1), 100, 1))
                    .isInstanceOf(IOException.class).hasMessageContaining("incr");
            assertThat(redis.isAlive()).isTrue();
        }
    }

    @Test
    void aServerThatExitsEarlyFailsWithItsLog() throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        List<String> command = List.of("redis-server", "--port", String.valueOf(port), "--no-such-option", "x");

        assertThatThrownBy(() -> ServerProcess.start("redis", command, port, tmp.resolve("bad"), Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class).hasMessageContaining("exited").hasMessageContaining("server.log");
    }

    @Test
    void cleanupStopsServersBeforeDeletingTheirDirectory() throws IOException {
        var err = new ByteArrayOutputStream();
        ServerProcess redis;
        ScratchDir scratch;
        try (Cleanup cleanup = new Cleanup(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            scratch = cleanup.register(ScratchDir.create(tmp));
            int port = ServerProcess.freeLoopbackPort();
            Path dir = scratch.dir().resolve("redis");
            redis = cleanup.register(ServerProcess.start("redis", new RedisLaunch("redis-server").command(port, dir),
                    port, dir, Duration.ofSeconds(10)));
        }
        assertThat(redis.isAlive()).isFalse();
        assertThat(Files.exists(scratch.dir())).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
