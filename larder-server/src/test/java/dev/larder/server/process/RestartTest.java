package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * A clean stop (SHUTDOWN over the protocol, or SIGTERM) and a restart on the same directory keep
 * every database as it was: values (one of 20 MiB), expiries, deletions, SELECTed databases and a
 * FLUSHDB. A clean stop saves the key directory and the restart loads it; SHUTDOWN NOSAVE, or a
 * write after the last SAVE followed by kill -9, makes the restart rebuild it from the values.
 */
class RestartTest {
    private static final int BIG_BYTES = 20 << 20;
    private static final int NUMBERED_KEYS = 100;
    private static final int DELETED_KEYS = 10;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path scratch;

    @Test
    void shutdownCommandThenRestartKeepsEverything() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            assertThat(sendShutdown(server.port(), "SHUTDOWN")).as("connection closed by SHUTDOWN, no reply").isTrue();
            assertThat(server.awaitExit(EXIT_TIMEOUT)).as("server exited after SHUTDOWN; %s", server.stderrTail()).isTrue();
            assertThat(server.exitValue()).as("exit status after SHUTDOWN; %s", server.stderrTail()).isZero();
            restartAndVerify(dir, keys, true);
        }
    }

    @Test
    void shutdownSaveThenRestartLoadsTheSavedDirectory() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            assertThat(sendShutdown(server.port(), "SHUTDOWN", "SAVE")).as("connection closed by SHUTDOWN SAVE, no reply").isTrue();
            assertThat(server.awaitExit(EXIT_TIMEOUT)).as("server exited after SHUTDOWN SAVE; %s", server.stderrTail()).isTrue();
            assertThat(server.exitValue()).as("exit status after SHUTDOWN SAVE; %s", server.stderrTail()).isZero();
            restartAndVerify(dir, keys, true);
        }
    }

    @Test
    void shutdownNosaveRebuildsTheDirectoryFromTheValues() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            try (Jedis jedis = client(server.port())) {
                assertThat(jedis.save()).isEqualTo("OK");
                jedis.set("after-save", "x"); // the saved directory is stale from here on
                keys.add("after-save");
                jedis.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().nosave());
            } catch (redis.clients.jedis.exceptions.JedisException closedByShutdown) {
                // Jedis may see the connection close before it is done with the command
            }
            assertThat(server.awaitExit(EXIT_TIMEOUT)).as("server exited; %s", server.stderrTail()).isTrue();
            restartAndVerify(dir, keys, false);
        }
    }

    @Test
    void aWriteAfterSaveThenKillNineRebuildsTheDirectory() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            try (Jedis jedis = client(server.port())) {
                assertThat(jedis.bgsave()).isEqualTo("Background saving started");
                awaitSaved(jedis);
                assertThat(jedis.del("k50")).isEqualTo(1);
                keys.remove("k50");
                jedis.set("after-save", "x");
                keys.add("after-save");
            }
            server.kill9();
            restartAndVerify(dir, keys, false);
        }
    }

    @Test
    void saveThenKillNineLoadsTheSavedDirectory() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            try (Jedis jedis = client(server.port())) {
                assertThat(jedis.save()).isEqualTo("OK");
            }
            server.kill9();
            restartAndVerify(dir, keys, true);
        }
    }

    @Test
    void sigtermThenRestartKeepsEverything() throws Exception {
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m")) {
            Set<String> keys = populate(server.port());
            server.terminate();
            assertThat(server.exitValue()).as("exit status 128+SIGTERM, not a SIGKILL after the grace period; %s",
                    server.stderrTail()).isEqualTo(143);
            restartAndVerify(dir, keys, true);
        }
    }

    /** Writes the data set; returns the keys database 0 must hold. */
    private static Set<String> populate(int port) {
        Set<String> keys = new HashSet<>();
        try (Jedis jedis = client(port)) {
            jedis.set("plain", "value");
            jedis.set("ex", "expires-in-seconds", SetParams.setParams().ex(1000));
            jedis.set("px", "expires-in-ms", SetParams.setParams().px(1_000_000));
            jedis.set("big".getBytes(UTF_8), bigValue());
            keys.addAll(Set.of("plain", "ex", "px", "big"));
            for (int i = 0; i < NUMBERED_KEYS; i++) {
                jedis.set("k" + i, "v" + i);
                if (i >= DELETED_KEYS) keys.add("k" + i);
            }
            for (int i = 0; i < DELETED_KEYS; i++) assertThat(jedis.del("k" + i)).isEqualTo(1);
            jedis.select(3);
            jedis.set("in3", "three");
            jedis.select(5);
            for (int i = 0; i < 10; i++) jedis.set("flushed" + i, "x");
            assertThat(jedis.flushDB()).isEqualTo("OK");
        }
        return keys;
    }

    private static void restartAndVerify(Path dir, Set<String> keys, boolean fromSave) throws IOException {
        try (ServerProcess server = ServerProcess.start(dir, "512m"); Jedis jedis = client(server.port())) {
            String where = server.stderrTail();
            assertThat(jedis.info("larder")).as("how the key directory was restored")
                    .contains("key_directory_from_save:" + (fromSave ? 1 : 0));
            assertThat(jedis.keys("*")).as("KEYS * in db 0; %s", where).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(jedis.get("plain")).isEqualTo("value");
            assertThat(jedis.get("ex")).isEqualTo("expires-in-seconds");
            assertThat(jedis.get("px")).isEqualTo("expires-in-ms");
            assertThat(jedis.get("big".getBytes(UTF_8))).as("the 20 MiB value").isEqualTo(bigValue());
            assertThat(jedis.get("k" + (NUMBERED_KEYS - 1))).isEqualTo("v" + (NUMBERED_KEYS - 1));
            assertThat(jedis.exists("k0")).as("a deleted key").isFalse();
            assertThat(jedis.ttl("plain")).isEqualTo(-1);
            assertThat(jedis.ttl("ex")).as("TTL kept across the restart").isBetween(990L, 1000L);
            assertThat(jedis.pttl("px")).as("PTTL kept across the restart").isBetween(990_000L, 1_000_000L);
            for (int db = 0; db < 16; db++) {
                jedis.select(db);
                long expected = db == 0 ? keys.size() : db == 3 ? 1 : 0;
                assertThat(jedis.dbSize()).as("DBSIZE of db %d; %s", db, where).isEqualTo(expected);
            }
            jedis.select(3);
            assertThat(jedis.get("in3")).isEqualTo("three");
        }
    }

    /** Waits (bounded) until BGSAVE has finished. */
    private static void awaitSaved(Jedis jedis) throws InterruptedException {
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (!jedis.info("persistence").contains("rdb_bgsave_in_progress:0") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Sends SHUTDOWN; true if the server then closed the connection without replying. */
    /** Sends a SHUTDOWN command; true if the server closed the connection without replying. */
    private static boolean sendShutdown(int port, String... command) throws IOException {
        StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
        for (String arg : command) request.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) EXIT_TIMEOUT.toMillis());
            socket.getOutputStream().write(request.toString().getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            try {
                return in.read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    private static byte[] bigValue() {
        byte[] value = new byte[BIG_BYTES];
        new SplittableRandom(20).nextBytes(value);
        return value;
    }

    private static Jedis client(int port) {
        return new Jedis("127.0.0.1", port, 30_000);
    }
}
