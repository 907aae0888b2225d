package dev.larder.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.server.testing.RedisServerProcess;
import dev.larder.server.testing.RespConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself, against two redis-servers: identical servers pass even where Redis is not
 * deterministic, and servers that differ fail with the step, the command and both replies.
 */
class DifferentialHarnessTest {
    @TempDir
    static Path scratch;
    static RedisServerProcess first;
    static RedisServerProcess second;

    @BeforeAll
    static void start() throws Exception {
        first = RedisServerProcess.start(scratch);
        second = RedisServerProcess.start(scratch);
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
        if (first != null) first.close();
    }

    @Test
    void identicalServersPassWhereRedisIsNotDeterministic() {
        Script script = Script.named("normalised");
        for (int i = 0; i < 50; i++) script.cmds("SET key" + i + " v");
        script.cmds("KEYS *", "SCAN 0 COUNT 3", "RANDOMKEY", "TIME", "INFO", "CLIENT ID", "CLIENT LIST", "HELLO 3",
                "CONFIG GET max*", "EXPIRE key1 1000", "TTL key1", "PTTL key1", "MEMORY USAGE key1", "QUIT", "GET key1");
        new DifferentialHarness("first", first.port(), "second", second.port()).run(script);
    }

    @Test
    void serversWithDifferentStateFail() {
        try (RespConnection second = RespConnection.open(DifferentialHarnessTest.second.port())) {
            second.call("CONFIG", "SET", "timeout", "7"); // survives the harness's FLUSHALL, unlike a key
            DifferentialHarness harness = new DifferentialHarness("first", first.port(), "second", DifferentialHarnessTest.second.port());
            assertThatThrownBy(() -> harness.run(Script.named("differs").cmds("PING", "CONFIG GET timeout", "PING")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 mismatching step")
                    .hasMessageContaining("step 1: CONFIG GET timeout")
                    .hasMessageContaining("first: *2\\r\\n$7\\r\\ntimeout\\r\\n$1\\r\\n0\\r\\n")
                    .hasMessageContaining("second: *2\\r\\n$7\\r\\ntimeout\\r\\n$1\\r\\n7\\r\\n");
        } finally {
            try (RespConnection second = RespConnection.open(DifferentialHarnessTest.second.port())) {
                second.call("CONFIG", "SET", "timeout", "0");
            }
        }
    }

    @Test
    void aKeySetOnOneServerFails() {
        // One server on both sides: the second side sees the key the first side just wrote.
        DifferentialHarness harness = new DifferentialHarness("first", first.port(), "same", first.port());
        assertThatThrownBy(() -> harness.run(Script.named("shared").cmds("SETNX k v", "INCR n", "GET k")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 mismatching step")
                .hasMessageContaining("step 0: SETNX k v\n    first: :1\\r\\n\n    same: :0\\r\\n")
                .hasMessageContaining("step 1: INCR n\n    first: :1\\r\\n\n    same: :2\\r\\n");
    }

    @Test
    void rulesIgnoreOnlyWhatRedisLeavesOpen() {
        assertThat(differs("KEYS *", "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*2\r\n$1\r\nb\r\n$1\r\na\r\n")).isNull();
        assertThat(differs("KEYS *", "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*2\r\n$1\r\na\r\n$1\r\nc\r\n")).isNotNull();
        assertThat(differs("TTL k", ":100\r\n", ":99\r\n")).isNull();
        assertThat(differs("TTL k", ":100\r\n", ":98\r\n")).isNotNull();
        assertThat(differs("TTL k", ":-1\r\n", ":0\r\n")).isNotNull();
        assertThat(differs("PTTL k", ":100000\r\n", ":99001\r\n")).isNull();
        assertThat(differs("PTTL k", ":100000\r\n", ":98999\r\n")).isNotNull();
        assertThat(differs("RANDOMKEY", "$1\r\na\r\n", "$1\r\nb\r\n")).isNull();
        assertThat(differs("RANDOMKEY", "$1\r\na\r\n", "$-1\r\n")).isNotNull();
        assertThat(differs("CLIENT ID", ":5\r\n", ":6\r\n")).isNull();
        assertThat(differs("CLIENT ID x", "-ERR a\r\n", "-ERR b\r\n")).isNotNull();
        assertThat(differs("INFO", "$3\r\nabc\r\n", "-ERR x\r\n")).isNotNull();
        assertThat(differs("HELLO", "%1\r\n$2\r\nid\r\n:5\r\n", "%1\r\n$2\r\nid\r\n:6\r\n")).isNull();
        assertThat(differs("HELLO", "%1\r\n$2\r\nid\r\n:5\r\n", "*2\r\n$2\r\nid\r\n:6\r\n")).isNotNull();
        assertThat(differs("CONFIG GET *", "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
                "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n")).isNull();
        assertThat(differs("CONFIG GET *", "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
                "*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n")).isNotNull();
        assertThat(differs("GET k", "$1\r\na\r\n", "+a\r\n")).isNotNull();
    }

    @Test
    void reportsEscapeControlBytes() {
        assertThat(ReplyText.render(new byte[] {'$', '2', '\r', '\n', 0, (byte) 0xff, '\r', '\n'})).isEqualTo("$2\\r\\n\\x00\\xff\\r\\n");
        assertThat(CommandText.render(CommandText.parse("SET \"a b\" \"\\x00\\n\" \"\" plain").args()))
                .isEqualTo("SET \"a b\" \"\\x00\\n\" \"\" plain");
    }

    private static String differs(String command, String expected, String actual) {
        return ReplyRule.of(CommandText.parse(command)).difference(
                RespNode.parse(expected.getBytes(StandardCharsets.ISO_8859_1)), RespNode.parse(actual.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
