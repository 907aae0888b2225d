package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The real redis-cli (Debian's redis-tools, the 7.0 line) against an in-process server. Expected
 * outputs are what redis-cli printed against redis-server 7.0.15; without a terminal redis-cli
 * prints raw replies unless given --no-raw. The tests share one server, so each uses its own keys.
 */
class RedisCliTest {
    private static final String REDIS_CLI = "/usr/bin/redis-cli";
    private static final long CLI_TIMEOUT_SECONDS = 30;
    private static final int PIPE_COMMANDS = 10_000;

    @TempDir
    static Path scratch;
    private static LarderServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(scratch.resolve("data")));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void rawOutputByDefault() throws Exception {
        assertThat(cli("SET", "a", "b")).isEqualTo("OK\n");
        assertThat(cli("GET", "a")).isEqualTo("b\n");
        assertThat(cli("INCR", "n")).isEqualTo("1\n");
        assertThat(cli("INCR", "n")).isEqualTo("2\n");
        assertThat(cli("GET", "missing")).isEqualTo("\n");
        assertThat(cli("--raw", "GET", "a")).isEqualTo("b\n");
    }

    @Test
    void noRawOutputTypesEachReply() throws Exception {
        assertThat(cli("--no-raw", "SET", "c", "d")).isEqualTo("OK\n");
        assertThat(cli("--no-raw", "GET", "c")).isEqualTo("\"d\"\n");
        assertThat(cli("--no-raw", "INCR", "m")).isEqualTo("(integer) 1\n");
        assertThat(cli("--no-raw", "GET", "missing")).isEqualTo("(nil)\n");
        assertThat(cli("--no-raw", "NOSUCHCMD"))
                .isEqualTo("(error) ERR unknown command 'NOSUCHCMD', with args beginning with: \n");
    }

    @Test
    void pipeModeSetsTenThousandKeys() throws Exception {
        Path commands = scratch.resolve("pipe.resp");
        try (OutputStream out = Files.newOutputStream(commands)) {
            for (int i = 0; i < PIPE_COMMANDS; i++) out.write(resp("SET", "pipe:" + i, "v" + i));
        }
        String output = run(commands, "--pipe");
        assertThat(output).contains("All data transferred").contains("errors: 0, replies: " + PIPE_COMMANDS);
        assertThat(cli("GET", "pipe:" + (PIPE_COMMANDS - 1))).isEqualTo("v" + (PIPE_COMMANDS - 1) + "\n");
    }

    @Test
    void helloThreeOverResp3() throws Exception {
        assertThat(cli("-3", "HELLO", "3").lines().toList())
                .contains("server redis", "proto 3", "mode standalone", "role master");
        assertThat(cli("-3", "--no-raw", "HELLO", "3")).matches("""
                1# "server" => "redis"
                2# "version" => "\\d+\\.\\d+\\.\\d+"
                3# "proto" => \\(integer\\) 3
                4# "id" => \\(integer\\) \\d+
                5# "mode" => "standalone"
                6# "role" => "master"
                7# "modules" => \\(empty array\\)
                """);
    }

    @Test
    void scanListsMatchingKeys() throws Exception {
        Set<String> expected = new HashSet<>();
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 30_000)) {
            for (int i = 0; i < 300; i++) {
                jedis.set("k" + i, "v");
                expected.add("k" + i);
                jedis.set("other" + i, "v");
            }
        }
        List<String> listed = cli("--scan", "--pattern", "k*").lines().toList();
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String cli(String... args) throws Exception {
        return run(null, args);
    }

    /** Runs redis-cli against the server, stdin from {@code input} if given; returns stdout and stderr. */
    private static String run(Path input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REDIS_CLI, "-h", "127.0.0.1", "-p", String.valueOf(server.port())));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(scratch, "redis-cli-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(input.toFile()));
        Process cli = builder.start();
        if (!cli.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            cli.destroyForcibly().waitFor();
            throw new AssertionError(command + " ran longer than " + CLI_TIMEOUT_SECONDS + " s; output: "
                    + Files.readString(output));
        }
        String text = Files.readString(output);
        assertThat(cli.exitValue()).as("exit status of %s; output: %s", command, text).isZero();
        return text;
    }

    private static byte[] resp(String... args) {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) request.append('$').append(arg.getBytes(UTF_8).length).append("\r\n").append(arg).append("\r\n");
        return request.toString().getBytes(UTF_8);
    }
}
