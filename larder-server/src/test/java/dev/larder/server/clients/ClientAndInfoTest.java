package dev.larder.server.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.testing.RespConnection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * What the differential tests cannot compare with Redis: INFO's values (they differ between any
 * two servers), CLIENT KILL actually disconnecting someone, CLIENT PAUSE holding other clients,
 * and CLIENT SETINFO, which came in Redis 7.2 (the redis-server the differential tests start is
 * Debian's 7.0): its replies here are 7.2's. Pause bounds are one-sided where the machine's speed
 * matters: a held command must not have finished within a short wait, and must finish within a
 * long one after the release.
 */
class ClientAndInfoTest {
    private static final int HELD_CHECK_MS = 300;
    private static final int RELEASE_TIMEOUT_S = 10;

    @TempDir Path dir;
    private LarderServer server;

    @BeforeEach
    void start() throws Exception {
        server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String text(byte[] reply) {
        return new String(reply, UTF_8);
    }

    /** The "name:value" lines of an INFO reply. */
    private static Map<String, String> fields(byte[] reply) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text(reply).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("$")) fields.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return fields;
    }

    @Test
    void infoReportsWhatHappenedInRedisSectionsAndLarders() {
        try (RespConnection c = RespConnection.open(server.port())) {
            c.call("SET", "a", "1");
            c.call("GET", "a");
            c.call("GET", "missing");
            c.call("SAVE");
            byte[] all = c.call("INFO");
            assertThat(text(all)).contains("# Server\r\n", "# Clients\r\n", "# Memory\r\n", "# Persistence\r\n",
                    "# Stats\r\n", "# Keyspace\r\n", "# Larder\r\n");
            Map<String, String> f = fields(all);
            assertThat(f.get("redis_version")).startsWith("7.");
            assertThat(f.get("tcp_port")).isEqualTo(Integer.toString(server.port()));
            assertThat(f.get("connected_clients")).isEqualTo("1");
            assertThat(Long.parseLong(f.get("total_commands_processed"))).isGreaterThanOrEqualTo(4);
            assertThat(f.get("keyspace_hits")).isEqualTo("1");
            assertThat(f.get("keyspace_misses")).isEqualTo("1");
            assertThat(f.get("db0")).startsWith("keys=1,expires=0");
            assertThat(f.get("appendfsync")).isEqualTo("everysec");
            assertThat(Long.parseLong(f.get("disk_write_bytes"))).as("the SET reached the data file").isPositive();
            assertThat(Long.parseLong(f.get("disk_fsyncs"))).as("SAVE syncs").isPositive();
            assertThat(f.get("disk_checksum_failures")).isEqualTo("0");
            assertThat(f).containsKeys("memory_tier_hits", "disk_tier_hits", "disk_batches", "disk_batch_records_avg",
                    "used_memory", "maxmemory", "rdb_last_save_time");

            assertThat(f.get("rdb_changes_since_last_save")).as("SAVE was the last write").isEqualTo("0");
            assertThat(f.get("total_error_replies")).isEqualTo("0");
            c.call("MSET", "b", "2", "c", "3");
            c.call("INCR", "b");
            c.call("INCR", "nope", "extra");
            c.call("FOOBAR");
            Map<String, String> after = fields(c.call("INFO"));
            assertThat(after.get("rdb_changes_since_last_save")).as("two keys set, one incremented").isEqualTo("3");
            assertThat(after.get("total_error_replies")).isEqualTo("2");
            assertThat(after.get("unexpected_error_replies")).isEqualTo("0");

            Map<String, String> keyspaceOnly = fields(c.call("INFO", "keyspace"));
            assertThat(keyspaceOnly.keySet()).containsExactly("db0");
            assertThat(text(c.call("INFO", "larder"))).startsWith("$").contains("# Larder\r\n").doesNotContain("# Server");
        }
    }

    /** COMMAND INFO and DOCS describe containers as Redis does, subcommands included: each one must exist here. */
    @Test
    void everySubcommandTheCatalogListsIsImplemented() {
        try (RespConnection c = RespConnection.open(server.port())) {
            List<String> names = text(c.call("COMMAND", "LIST")).lines().filter(line -> line.contains("|")).toList();
            assertThat(names).contains("client|pause", "client|tracking", "config|help", "memory|stats");
            for (String name : names) {
                String[] command = name.split("\\|");
                assertThat(text(c.call(command[0], command[1]))).as(name).doesNotStartWith("-ERR unknown subcommand");
            }
        }
    }

    @Test
    void clientSetinfoNamesTheLibraryInClientInfo() {
        try (RespConnection c = RespConnection.open(server.port())) {
            assertThat(text(c.call("CLIENT", "SETINFO", "LIB-NAME", "redis-py"))).isEqualTo("+OK\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-ver", "5.0.1"))).isEqualTo("+OK\r\n");
            assertThat(text(c.call("CLIENT", "INFO"))).contains(" lib-name=redis-py lib-ver=5.0.1\n", " cmd=client|info ");
            assertThat(text(c.call("CLIENT", "SETINFO", "LIB-NAME", "a b")))
                    .isEqualTo("-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-ver", "1\n2")))
                    .isEqualTo("-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-color", "red"))).isEqualTo("-ERR Unrecognized option 'lib-color'\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-name")))
                    .isEqualTo("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-name", ""))).as("empty: unset").isEqualTo("+OK\r\n");
            assertThat(text(c.call("CLIENT", "INFO"))).contains(" lib-name= lib-ver=5.0.1\n");
        }
    }

    @Test
    void clientKillDisconnectsTheClientItNamesAndOnlyThatOne() {
        try (RespConnection killer = RespConnection.open(server.port());
             RespConnection byId = RespConnection.open(server.port());
             RespConnection byAddr = RespConnection.open(server.port());
             RespConnection bystander = RespConnection.open(server.port())) {
            String id = text(byId.call("CLIENT", "ID")).substring(1).strip();
            String addr = text(byAddr.call("CLIENT", "INFO")).replaceAll("(?s).*\\baddr=(\\S+).*", "$1");
            bystander.call("PING");

            assertThat(text(killer.call("CLIENT", "KILL", "ID", id))).isEqualTo(":1\r\n");
            assertThat(byId.closedByPeer()).isTrue();
            assertThat(text(killer.call("CLIENT", "KILL", addr))).as("the old form").isEqualTo("+OK\r\n");
            assertThat(byAddr.closedByPeer()).isTrue();
            assertThat(text(bystander.call("PING"))).isEqualTo("+PONG\r\n");

            String self = text(killer.call("CLIENT", "ID")).substring(1).strip();
            assertThat(text(killer.call("CLIENT", "KILL", "ID", self))).as("SKIPME yes by default").isEqualTo(":0\r\n");
            assertThat(text(killer.call("CLIENT", "KILL", "ID", self, "SKIPME", "no"))).isEqualTo(":1\r\n");
            assertThat(killer.closedByPeer()).isTrue();
            assertThat(text(bystander.call("PING"))).isEqualTo("+PONG\r\n");
        }
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", server.port(), 30_000);
    }

    @Test
    void pauseAllHoldsReadsUntilItEnds() throws Exception {
        try (Jedis admin = client(); Jedis other = client()) {
            other.set("k", "v");
            long pausedAtNs = System.nanoTime();
            assertThat(admin.clientPause(600)).isEqualTo("OK");
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> other.get("k"));
            Thread.sleep(HELD_CHECK_MS);
            assertThat(read).as("a read during PAUSE ALL").isNotDone();
            assertThat(read.get(RELEASE_TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(System.nanoTime() - pausedAtNs).as("not before the pause ended").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(550));
        }
    }

    @Test
    void pauseWriteHoldsWritesOnlyAndUnpauseReleasesThem() throws Exception {
        try (Jedis admin = client(); Jedis reader = client(); Jedis writer = client()) {
            reader.set("k", "old");
            assertThat(admin.clientPause(60_000, ClientPauseMode.WRITE)).isEqualTo("OK");
            assertThat(reader.get("k")).as("reads go on during PAUSE WRITE").isEqualTo("old");
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> writer.set("k", "new"));
            Thread.sleep(HELD_CHECK_MS);
            assertThat(write).as("a write during PAUSE WRITE").isNotDone();
            assertThat(reader.get("k")).isEqualTo("old");

            assertThat(admin.clientUnpause()).isEqualTo("OK");
            assertThat(write.get(RELEASE_TIMEOUT_S, TimeUnit.SECONDS)).as("released by UNPAUSE, long before 60 s").isEqualTo("OK");
            assertThat(reader.get("k")).isEqualTo("new");
        }
    }
}
