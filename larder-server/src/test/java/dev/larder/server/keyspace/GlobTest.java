package dev.larder.server.keyspace;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.larder.server.testing.RedisServerProcess;
import dev.larder.server.testing.RespFramer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Glob against Redis's own cases, hand-picked edge cases, and real redis-server 7.0.15's KEYS over
 * random keys and patterns. Strings are ISO-8859-1 so "\u00ff" is the byte 0xFF.
 */
class GlobTest {

    static Stream<Arguments> caseSensitive() {
        return Stream.of(
                // tests/unit/keyspace.tcl
                row("foo*", "foo_a", true), row("foo*", "key_x", false),
                row("{a}*", "{a}x", true), row("{a}*", "{b}a", false),
                row("*{b}*", "{b}c", true), row("*{b}*", "{a}z", false),
                row("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(40), false),
                // stars: collapse, empty runs, and "*" never matching the empty string
                row("*", "", false), row("**", "", false), row("", "", true), row("", "a", false),
                row("a**b", "ab", true), row("a***", "a", true), row("*a", "bba", true), row("*a", "ab", false),
                row("h*llo", "heeeello", true), row("*ll*", "hello", true),
                // ?
                row("h?llo", "hallo", true), row("h?llo", "hllo", false), row("?", "", false), row("??", "\u00ff\u0000", true),
                // classes
                row("h[ae]llo", "hello", true), row("h[ae]llo", "hillo", false),
                row("h[^e]llo", "hallo", true), row("h[^e]llo", "hello", false),
                row("h[a-b]llo", "hbllo", true), row("h[a-b]llo", "hcllo", false),
                row("[z-a]", "m", true), row("[z-a]", "A", false), row("[a-]", "a", true), row("[a-]", "b", false),
                row("[a-]]", "]", true), row("[a-]]", "]]", false), row("[a-]x]", "^", true), row("[]]", "]", false), row("[]", "]", false),
                row("[-a]", "-", true), row("[a-c-e]", "-", true), row("[^]", "x", true),
                // unterminated classes
                row("[", "", false), row("[", "[", false), row("[^", "x", true), row("[^", "", false),
                row("a[bc", "ab", true), row("a[bc", "ad", false), row("[^ab", "c", true),
                // escapes
                row("\\*", "*", true), row("\\*", "a", false), row("a\\", "a\\", true), row("\\", "\\", true),
                row("[\\]]", "]", true), row("[\\", "\\", true), row("[\\^a]", "^", true), row("[a\\-z]", "b", false),
                row("[a\\-z]", "-", true), row("\\a", "a", true), row("\\\\", "\\", true),
                // binary bytes: equality is exact, range bounds are signed chars as on x86-64
                row("a\u0000b", "a\u0000b", true), row("a\u0000b", "a", false), row("*\u0000", "x\u0000", true),
                row("\u00ff", "\u00ff", true), row("[\u0080-\u00ff]", "\u00c0", true),
                row("[\u0000-\u007f]", "\u00ff", false), row("[\u00ff-a]", "\u00ff", true), row("[\u00ff-a]", "\u0000", true),
                row("[\u00ff-a]", "b", false), row("[a-\u00ff]", "\u0080", false));
    }

    static Stream<Arguments> caseInsensitive() {
        return Stream.of(
                row("HELLO", "hello", true), row("h*O", "HELLO", true), row("[A-C]", "b", true), row("[a-c]", "B", true),
                row("[^A]", "a", false), row("[Z-a]", "z", false), row("[Z-a]", "_", false),
                row("[\\A]", "a", false), row("[\\A]", "A", true), row("\\A", "a", true),
                row("\u00c0", "\u00e0", false), row("[@-@]", "`", false));
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("caseSensitive")
    void matchesLikeRedis(String pattern, String string, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(string))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~nocase {1} = {2}")
    @MethodSource("caseInsensitive")
    void nocaseFoldsOnlyAsciiLetters(String pattern, String string, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(string), true)).isEqualTo(expected);
    }

    @Test
    void starRecursionDeeperThanAThousandFails() {
        byte[] string = bytes("a".repeat(1001));
        assertThat(Glob.matches(bytes("*a".repeat(1000) + "*"), string)).isTrue();
        assertThat(Glob.matches(bytes("*a".repeat(1001)), string)).isFalse();
        assertThat(Glob.matches(bytes("a*".repeat(1001)), string)).isTrue(); // a trailing star does not recurse
    }

    @Test
    void literalsHaveNoSpecialBytes() {
        assertThat(Glob.isLiteral(bytes("user:1000]^-"))).isTrue();
        assertThat(Glob.isLiteral(new byte[0])).isTrue();
        for (String special : List.of("a*", "?", "[a]", "a\\b")) assertThat(Glob.isLiteral(bytes(special))).isFalse();
        assertThat(Glob.matchesEverything(bytes("*"))).isTrue();
        assertThat(Glob.matchesEverything(bytes("**"))).isFalse();
    }

    /** util.c's stringmatchlen_fuzz_test: random 7-bit patterns must never throw. */
    @Test
    void randomPatternsNeverThrow() {
        Random random = new Random(7);
        assertThatCode(() -> {
            for (int i = 0; i < 200_000; i++) {
                Glob.matches(randomAscii(random), randomAscii(random), random.nextBoolean());
            }
        }).doesNotThrowAnyException();
    }

    @Test
    @Timeout(10)
    void pathologicalPatternsStayFast() {
        byte[] string = bytes("a".repeat(10_000));
        assertThat(Glob.matches(bytes("*a".repeat(30) + "*b"), string)).isFalse();
        assertThat(Glob.matches(bytes("*?".repeat(500)), string)).isTrue();
        assertThat(Glob.matches(bytes("*?".repeat(500) + "b"), string)).isFalse();
        assertThat(Glob.matches(bytes("*?".repeat(5_000)), string)).isFalse(); // past the nesting limit
        // keyspace.tcl's "very long nested loops" regression
        assertThat(Glob.matches(bytes("*?".repeat(50_000)), bytes("a".repeat(50_000)))).isFalse();
    }

    @Test
    @Timeout(60)
    void agreesWithRedisKeys(@TempDir Path scratch) throws IOException {
        Random random = new Random(20240701);
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        keys.add(new byte[0]);
        keys.add(bytes("a".repeat(1001)));
        while (keys.size() < 300) keys.add(randomFrom(random, KEY_ALPHABET, 6));
        List<byte[]> patterns = new ArrayList<>();
        for (String fixed : List.of("*", "**", "", "[", "[^", "\\", "[\u00ff-a]*", "[\u0000-\u007f]*", "[a-\u0080]*",
                "*a".repeat(1000), "*a".repeat(1001))) {
            patterns.add(bytes(fixed));
        }
        while (patterns.size() < 400) patterns.add(randomFrom(random, PATTERN_ALPHABET, 8));

        try (RedisServerProcess redis = RedisServerProcess.start(scratch);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            socket.setSoTimeout(10_000);
            RedisConnection connection = new RedisConnection(socket);
            connection.setAll(keys);
            int selective = 0;
            for (byte[] pattern : patterns) {
                List<String> expected = keys.stream()
                        .filter(key -> Glob.matchesEverything(pattern) || Glob.matches(pattern, key))
                        .map(key -> new String(key, ISO_8859_1))
                        .toList();
                List<String> actual = connection.keys(pattern).stream().map(key -> new String(key, ISO_8859_1)).toList();
                assertThat(actual).as("KEYS %s", Arrays.toString(pattern)).containsExactlyElementsOf(expected);
                if (!actual.isEmpty() && actual.size() < keys.size()) selective++;
            }
            assertThat(selective).as("patterns matching some but not all keys").isGreaterThan(100);
        }
    }

    /** Binary-safe RESP over a plain socket; just enough for SET and KEYS. */
    private static final class RedisConnection {
        private final OutputStream out;
        private final InputStream in;

        RedisConnection(Socket socket) throws IOException {
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream());
        }

        void setAll(Iterable<byte[]> keys) throws IOException {
            int sent = 0;
            for (byte[] key : keys) {
                send(bytes("SET"), key, bytes("v"));
                sent++;
            }
            out.flush();
            for (int i = 0; i < sent; i++) assertThat(new String(RespFramer.readReply(in), ISO_8859_1)).isEqualTo("+OK\r\n");
        }

        /** KEYS pattern, sorted as unsigned bytes. */
        List<byte[]> keys(byte[] pattern) throws IOException {
            send(bytes("KEYS"), pattern);
            out.flush();
            List<byte[]> keys = bulkStrings(RespFramer.readReply(in));
            keys.sort(Arrays::compareUnsigned);
            return keys;
        }

        private void send(byte[]... args) throws IOException {
            out.write(bytes("*" + args.length + "\r\n"));
            for (byte[] arg : args) {
                out.write(bytes("$" + arg.length + "\r\n"));
                out.write(arg);
                out.write(bytes("\r\n"));
            }
        }

        /** Parses "*N\r\n" followed by N "$len\r\n bytes \r\n". */
        private static List<byte[]> bulkStrings(byte[] reply) {
            int[] at = {0};
            assertThat(reply[0]).as("array reply").isEqualTo((byte) '*');
            int count = number(reply, at);
            List<byte[]> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = number(reply, at);
                items.add(Arrays.copyOfRange(reply, at[0], at[0] + length));
                at[0] += length + 2;
            }
            return items;
        }

        /** Reads the header line at at[0] (type byte, digits, CRLF) and returns its number. */
        private static int number(byte[] reply, int[] at) {
            int p = at[0] + 1, value = 0;
            while (reply[p] != '\r') value = value * 10 + (reply[p++] - '0');
            at[0] = p + 2;
            return value;
        }
    }

    private static final byte[] KEY_ALPHABET = bytes("aabbcAB*?[]^-\\\u0000\u007f\u0080\u00ff ");
    private static final byte[] PATTERN_ALPHABET = bytes("aabbcAB**??[[]]^^--\\\\\u0000\u007f\u0080\u00ff ");

    private static byte[] randomFrom(Random random, byte[] alphabet, int maxLength) {
        byte[] result = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < result.length; i++) result[i] = alphabet[random.nextInt(alphabet.length)];
        return result;
    }

    private static byte[] randomAscii(Random random) {
        byte[] result = new byte[random.nextInt(32)];
        for (int i = 0; i < result.length; i++) result[i] = (byte) random.nextInt(128);
        return result;
    }

    private static Arguments row(String pattern, String string, boolean expected) {
        return Arguments.of(pattern, string, expected);
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(ISO_8859_1);
    }
}
