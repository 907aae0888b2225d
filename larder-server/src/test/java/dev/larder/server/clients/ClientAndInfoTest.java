package dev.larder.server.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.testing.RespConnection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the differential tests cannot compare with Redis: INFO's values (they differ between any
 * two servers), CLIENT KILL actually disconnecting someone, and CLIENT SETINFO, which came in
 * Redis 7.2 (the redis-server the differential tests start is Debian's 7.0): its replies here
 * are 7.2's.
 */
class ClientAndInfoTest {
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

    @Test
    void clientSetinfoNamesTheLibraryInClientInfo() {
        try (RespConnection c = RespConnection.open(server.port())) {
            assertThat(text(c.call("CLIENT", "SETINFO", "LIB-NAME", "redis-py"))).isEqualTo("+OK\r\n");
            assertThat(text(c.call("CLIENT", "SETINFO", "lib-ver", "5.0.1"))).isEqualTo("+OK\r\n");
            assertThat(text(c.call("CLIENT", "INFO"))).contains(" lib-name=redis-py lib-ver=5.0.1\n");
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
}
