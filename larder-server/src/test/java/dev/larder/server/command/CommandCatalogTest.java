package dev.larder.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.protocol.Reply;
import dev.larder.server.protocol.ReplyEncoder;
import dev.larder.server.testing.RedisServerProcess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalog's contents, and its COMMAND replies compared byte for byte with a real redis-server
 * 7.0.15 in RESP2 and RESP3. Containers' own INFO/DOCS are left out of the byte comparisons: Redis
 * lists their subcommands in hash-table order, which differs from run to run.
 */
class CommandCatalogTest {
    private static final CommandCatalog CATALOG = CommandCatalog.load();
    private static final Set<String> CONTAINERS = Set.of("client", "command", "config", "memory");
    private static final int IMPLEMENTED_COUNT = CommandCatalogCapture.IMPLEMENTED.size();

    @TempDir
    static Path scratch;
    private static RedisServerProcess redis;
    private static CommandCatalogCapture.Connection redisResp2;
    private static CommandCatalogCapture.Connection redisResp3;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServerProcess.start(scratch);
        redisResp2 = new CommandCatalogCapture.Connection(redis.port(), false);
        redisResp3 = new CommandCatalogCapture.Connection(redis.port(), true);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (redisResp2 != null) redisResp2.close();
        if (redisResp3 != null) redisResp3.close();
        if (redis != null) redis.close();
    }

    @Test
    void holdsExactlyTheImplementedCommands() {
        assertThat(CATALOG.names()).containsExactlyInAnyOrderElementsOf(CommandCatalogCapture.IMPLEMENTED).isSorted();
        CommandCatalogCapture.IMPLEMENTED.forEach(name -> assertThat(CATALOG.contains(name)).as(name).isTrue());
        assertThat(CATALOG.contains("client|list")).as("subcommands are not top-level commands").isFalse();
        assertThat(CATALOG.contains("lpush")).isFalse();
    }

    @Test
    void countIsTheNumberOfTopLevelCommands() {
        assertThat(CATALOG.command(args("COUNT"))).isEqualTo(new Reply.Integer(IMPLEMENTED_COUNT));
        assertThat(CATALOG.names()).hasSize(IMPLEMENTED_COUNT);
    }

    @Test
    void infoIsTheCapturedElementAndNilForUnknownNames() {
        assertThat(ours(false, "INFO", "get", "nosuch")).startsWith("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n").endsWith("$-1\r\n");
        assertThat(ours(true, "INFO", "get", "nosuch")).startsWith("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n").endsWith("_\r\n");
        CommandInfo set = CommandInfo.parse(((Reply.Raw) infoOf("set")).resp2());
        assertThat(set.arity()).isEqualTo(-3);
        assertThat(set.aclCategories()).containsExactly("write", "string", "slow");
        assertThat(set.keySpecs()).singleElement().satisfies(spec -> assertThat(spec.index()).isEqualTo(1));
    }

    @Test
    void docsIsAMapOfFoundNamesToTheirCapturedDocs() {
        assertThat(ours(false, "DOCS", "get", "nosuch")).startsWith("*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n");
        assertThat(ours(true, "DOCS", "get", "nosuch")).startsWith("%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n");
        assertThat(ours(true, "DOCS", "nosuch")).isEqualTo("%0\r\n");
        assertThat(CATALOG.command(args("DOCS"))).isInstanceOfSatisfying(Reply.Map.class,
                map -> assertThat(map.keysAndValues()).hasSize(2 * IMPLEMENTED_COUNT));
    }

    @Test
    void allInfoAndListCoverEveryCommand() {
        assertThat(CATALOG.command(List.of())).isInstanceOfSatisfying(Reply.Array.class,
                all -> assertThat(all.items()).hasSize(IMPLEMENTED_COUNT).allMatch(Reply.Raw.class::isInstance));
        assertThat(ours(false, "LIST")).startsWith("*93\r\n$6\r\nappend\r\n$4\r\nauth\r\n$6\r\nbgsave\r\n$6\r\nclient\r\n$14\r\nclient|caching\r\n");
    }

    /** Each captured line still equals what redis-server answers (containers: same length, any subcommand order). */
    @Test
    void resourceMatchesAFreshCapture() throws IOException {
        for (CatalogFile.Entry fresh : CommandCatalogCapture.capture(redis.port())) {
            CommandCatalog.Entry ours = CATALOG.entry(fresh.name());
            assertThat(ours).as(fresh.name()).isNotNull();
            if (CONTAINERS.contains(fresh.name())) {
                assertThat(ours.infoReply().resp3()).as(fresh.name()).hasSameSizeAs(fresh.info().resp3());
                assertThat(ours.docsReply().resp3()).as(fresh.name()).hasSameSizeAs(fresh.docs().resp3());
                continue;
            }
            assertThat(ours.infoReply().resp2()).as(fresh.name()).isEqualTo(fresh.info().resp2());
            assertThat(ours.infoReply().resp3()).as(fresh.name()).isEqualTo(fresh.info().resp3());
            assertThat(ours.docsReply().resp2()).as(fresh.name()).isEqualTo(fresh.docs().resp2());
            assertThat(ours.docsReply().resp3()).as(fresh.name()).isEqualTo(fresh.docs().resp3());
        }
    }

    static Stream<List<String>> sameAsRedis() {
        return Stream.of(
                List.of("INFO", "get", "set"), List.of("INFO", "nosuch"), List.of("INFO", "GET", "nosuch", "Client|List", "get|x", ""),
                List.of("INFO", "command|count", "client|", "|list"),
                List.of("DOCS", "get"), List.of("DOCS", "nosuch", "set", "get", "get"), List.of("DOCS", "nosuch"), List.of("DOCS", "client|list"),
                List.of("HELP"), List.of("help", "x"), List.of("COUNT", "x"), List.of("FOO"), List.of("foo", "bar"), List.of(""),
                List.of("a\r\nb%s"), List.of("x".repeat(200)), List.of("x\0y"), List.of("count|x"), List.of("INFO|x"),
                List.of("LIST", "x"), List.of("LIST", "FILTERBY"), List.of("LIST", "FILTERBY", "FOO", "x"),
                List.of("LIST", "FILTERBY", "PATTERN", "ge?", "extra"), List.of("LIST", "filterby", "pattern", "ge?"),
                List.of("LIST", "FILTERBY", "PATTERN", "CLIENT|L*"), List.of("LIST", "FILTERBY", "MODULE", "x"),
                List.of("LIST", "FILTERBY", "ACLCAT", "nosuch"), List.of("LIST", "FILTERBY", "ACLCAT", "@keyspace"),
                List.of("GETKEYS"), List.of("GETKEYS", "get"), List.of("GETKEYS", "nosuch", "k"), List.of("GETKEYS", "ping", "x"),
                List.of("GETKEYS", "randomkey", "x"), List.of("GETKEYS", "set", "k"), List.of("GETKEYS", "client", "nosuch"),
                List.of("GETKEYS", "client", "list"), List.of("GETKEYS", "client|list", "x"), List.of("GETKEYS", "memory", "usage"),
                List.of("GETKEYS", "GET", "k"), List.of("GETKEYS", "mset", "a", "1", "b"), List.of("GETKEYSANDFLAGS", "copy", "a", "b"),
                List.of("GETKEYSANDFLAGS", "set", "k", "v", "get"), List.of("GETKEYSANDFLAGS", "set", "k", "v", "x", "GeT"),
                List.of("GETKEYSANDFLAGS", "set", "k", "v", "ex", "10"), List.of("GETKEYSANDFLAGS", "set", "k", "v", "GET\0x"),
                List.of("GETKEYSANDFLAGS", "memory", "usage", "k", "SAMPLES", "5"), List.of("GETKEYSANDFLAGS", "nosuch", "x"));
    }

    @ParameterizedTest
    @MethodSource
    void sameAsRedis(List<String> args) throws IOException {
        assertSameAsRedis(args);
    }

    /** Every key-taking command at 0–6 arguments: GETKEYS and GETKEYSANDFLAGS agree with Redis, errors included. */
    @Test
    void getKeysAgreesWithRedisForEveryCatalogedCommand() throws IOException {
        for (CommandCatalog.Entry entry : CATALOG.listOrder()) {
            if (entry.info().keySpecs().isEmpty()) continue;
            List<String> commandLine = List.of(entry.name().split("\\|"));
            for (int argumentCount = 0; argumentCount <= 6; argumentCount++) {
                List<String> line = new ArrayList<>(commandLine);
                for (int i = 1; i <= argumentCount; i++) line.add("k" + i);
                for (String subcommand : List.of("GETKEYS", "GETKEYSANDFLAGS")) {
                    assertSameAsRedis(Stream.concat(Stream.of(subcommand), line.stream()).toList());
                }
            }
        }
    }

    /** FILTERBY ACLCAT and PATTERN select, among our commands, exactly what Redis selects. */
    @ParameterizedTest
    @ValueSource(strings = {"ACLCAT keyspace", "ACLCAT READ", "ACLCAT write", "ACLCAT string", "ACLCAT fast", "ACLCAT slow",
            "ACLCAT connection", "ACLCAT admin", "ACLCAT dangerous", "ACLCAT hash", "PATTERN *", "PATTERN get*",
            "PATTERN *EXPIRE*", "PATTERN client|*", "PATTERN *|*", "PATTERN [a-c]*", "PATTERN ?et"})
    void listFiltersAgreeWithRedisOnOurCommands(String filter) throws IOException {
        List<String> args = Stream.concat(Stream.of("LIST", "FILTERBY"), Arrays.stream(filter.split(" "))).toList();
        Set<String> everyListed = new HashSet<>();
        CATALOG.listOrder().forEach(e -> everyListed.add(e.name()));
        Set<String> redisOnOurs = new HashSet<>(bulkStrings(redisResp2.call(bytes(Stream.concat(Stream.of("COMMAND"), args.stream()).toList()))));
        redisOnOurs.retainAll(everyListed);
        assertThat(bulkStrings(encode(CATALOG.command(bytes(args)), false))).containsExactlyInAnyOrderElementsOf(redisOnOurs);
    }

    private static void assertSameAsRedis(List<String> args) throws IOException {
        List<String> command = Stream.concat(Stream.of("COMMAND"), args.stream()).toList();
        assertThat(ours(false, args)).as("RESP2 %s", args).isEqualTo(new String(redisResp2.call(bytes(command)), UTF_8));
        assertThat(ours(true, args)).as("RESP3 %s", args).isEqualTo(new String(redisResp3.call(bytes(command)), UTF_8));
    }

    private static Reply infoOf(String name) {
        return ((Reply.Array) CATALOG.command(args("INFO", name))).items().getFirst();
    }

    private static String ours(boolean resp3, String... args) {
        return ours(resp3, List.of(args));
    }

    private static String ours(boolean resp3, List<String> args) {
        return new String(encode(CATALOG.command(bytes(args)), resp3), UTF_8);
    }

    /** Through the real encoder, as the server writes replies. */
    private static byte[] encode(Reply reply, boolean resp3) {
        ReplyEncoder encoder = new ReplyEncoder();
        encoder.protocol(resp3 ? 3 : 2);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        try {
            channel.writeOutbound(reply);
            ByteBuf out = channel.readOutbound();
            try {
                return ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static List<byte[]> args(String... args) {
        return bytes(List.of(args));
    }

    private static List<byte[]> bytes(List<String> args) {
        return args.stream().map(a -> a.getBytes(UTF_8)).toList();
    }

    /** The names in a RESP2 array of bulk strings. */
    private static List<String> bulkStrings(byte[] reply) {
        String[] lines = new String(reply, UTF_8).split("\r\n");
        assertThat(lines[0]).startsWith("*");
        List<String> names = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) names.add(lines[i]);
        return names;
    }
}
