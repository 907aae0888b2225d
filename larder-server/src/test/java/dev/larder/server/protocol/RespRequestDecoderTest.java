package dev.larder.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the decoder, each fed whole, one byte at a time and in random chunks. */
class RespRequestDecoderTest {
    private static final long MAX_BULK = 512L << 20;

    @Test
    void multibulkRequestsInEveryChunking() {
        String input = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*1\r\n$4\r\nPING\r\n";
        List<Object> expected = List.of(request("SET", "key", "va\r\nl"), request("PING"));
        assertThat(decodeWhole(input)).isEqualTo(expected);
        assertThat(decodeByteAtATime(input)).isEqualTo(expected);
        for (int seed = 0; seed < 20; seed++) assertThat(decodeInChunks(input, new Random(seed))).isEqualTo(expected);
    }

    @Test
    void binarySafeArgumentsAndEmptyOnes() {
        byte[] payload = {0, 1, '\r', '\n', (byte) 0xFF};
        byte[] input = concat("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$5\r\n".getBytes(UTF_8), payload, "\r\n".getBytes(UTF_8));
        List<Object> out = decode(new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true)), List.of(input));
        assertThat(out).containsExactly(new Request(new byte[][] {"SET".getBytes(UTF_8), new byte[0], payload}));
    }

    @Test
    void inlineRequestsAsRedisSplitsThem() {
        assertThat(decodeWhole("PING\r\nset a b\n  echo   \"x y\"  'it\\'s'\r\n\r\n\n"))
                .containsExactly(request("PING"), request("set", "a", "b"), request("echo", "x y", "it's"));
        assertThat(decodeWhole("echo \"\\x41\\n\\t\\\\\"\r\n")).containsExactly(request("echo", "A\n\t\\"));
        assertThat(decodeByteAtATime("get k\r\n*1\r\n$4\r\nPING\r\n")).containsExactly(request("get", "k"), request("PING"));
    }

    @Test
    void emptyAndNegativeCountsAreNoRequest() {
        assertThat(decodeWhole("*0\r\n*-10\r\n*1\r\n$4\r\nPING\r\n")).containsExactly(request("PING"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*3000000000\\r\\n| Protocol error: invalid multibulk length",
            "*abc\\r\\n| Protocol error: invalid multibulk length",
            "*01\\r\\n| Protocol error: invalid multibulk length",
            "*+1\\r\\n| Protocol error: invalid multibulk length",
            "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\nfooz\\r\\n| Protocol error: expected '$', got 'f'",
            "*1\\r\\n$-10\\r\\n| Protocol error: invalid bulk length",
            "*1\\r\\n$536870913\\r\\n| Protocol error: invalid bulk length",
            "*1\\r\\n$x\\r\\n| Protocol error: invalid bulk length",
            "set \"a b\\r\\n| Protocol error: unbalanced quotes in request",
            "set \"a\"b\\r\\n| Protocol error: unbalanced quotes in request",
            "set 'a\\r\\n| Protocol error: unbalanced quotes in request",
    })
    void malformedInputGetsRedissError(String escaped, String message) {
        String input = escaped.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(decodeWhole(input)).containsExactly(new ProtocolError(message));
        assertThat(decodeByteAtATime(input)).containsExactly(new ProtocolError(message));
    }

    @Test
    void overlongLinesAreRefusedOnceTheyPassTheLimit() {
        String longLine = "x".repeat(RespRequestDecoder.INLINE_MAX_BYTES + 1);
        assertThat(decodeWhole(longLine)).containsExactly(new ProtocolError("Protocol error: too big inline request"));
        assertThat(decodeWhole("*" + "1".repeat(RespRequestDecoder.INLINE_MAX_BYTES + 1)))
                .containsExactly(new ProtocolError("Protocol error: too big mbulk count string"));
        assertThat(decodeWhole("*1\r\n$" + "1".repeat(RespRequestDecoder.INLINE_MAX_BYTES + 1)))
                .containsExactly(new ProtocolError("Protocol error: too big bulk count string"));
        assertThat(decodeWhole("x".repeat(RespRequestDecoder.INLINE_MAX_BYTES - 10))).as("not over the limit: waits").isEmpty();
        assertThat(decodeWhole(longLine + "\r\nPING\r\n")).as("a whole line over the limit, arriving at once")
                .containsExactly(new ProtocolError("Protocol error: too big inline request"));
        assertThat(decodeWhole("ECHO " + "x".repeat(RespRequestDecoder.INLINE_MAX_BYTES - 5) + "\r\n")).as("at the limit")
                .hasSize(1).first().isInstanceOf(Request.class);
    }

    @Test
    void beforeAuthRequestsAreSmall() {
        var channel = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, false));
        assertThat(decode(channel, List.of(bytes("*11\r\n"))))
                .containsExactly(new ProtocolError("Protocol error: unauthenticated multibulk length"));
        channel = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, false));
        assertThat(decode(channel, List.of(bytes("*1\r\n$16385\r\n"))))
                .containsExactly(new ProtocolError("Protocol error: unauthenticated bulk length"));
        var decoder = new RespRequestDecoder(MAX_BULK, false);
        decoder.authenticated(true);
        assertThat(decode(new EmbeddedChannel(decoder), List.of(bytes("*11\r\n")))).isEmpty();
    }

    @Test
    void afterAnErrorTheRestOfTheInputIsIgnored() {
        assertThat(decodeWhole("*x\r\n*1\r\n$4\r\nPING\r\nPING\r\n"))
                .containsExactly(new ProtocolError("Protocol error: invalid multibulk length"));
    }

    @Test
    void hugeDeclaredCountsAllocateNothingUpFront() {
        // 2^31 - 1 argument slots would need 16 GiB; the vector grows only as arguments arrive.
        var channel = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true));
        assertThat(decode(channel, List.of(bytes("*2147483647\r\n$4\r\nPING\r\n$1\r\nx\r\n")))).isEmpty();
        // a 512 MiB argument declared but not sent allocates no 512 MiB array either
        var big = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true));
        assertThat(decode(big, List.of(bytes("*1\r\n$536870912\r\nabc")))).isEmpty();
    }

    @Test
    void numbersParseAsRedisString2ll() {
        assertThat(parse("0")).isZero();
        assertThat(parse("-12")).isEqualTo(-12);
        assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"", "-", "-0", "00", "+1", " 1", "1 ", "9223372036854775808", "1a"}) {
            assertThat(parse(bad)).as("'%s'", bad).isEqualTo(Long.MIN_VALUE);
        }
    }

    private static long parse(String s) {
        var buf = Unpooled.wrappedBuffer(bytes(s));
        return RespRequestDecoder.parseLong(buf, 0, buf.writerIndex());
    }

    static Request request(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(UTF_8);
        return new Request(bytes);
    }

    static List<Object> decodeWhole(String input) {
        return decode(new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true)), List.of(bytes(input)));
    }

    static List<Object> decodeByteAtATime(String input) {
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : bytes(input)) pieces.add(new byte[] {b});
        return decode(new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true)), pieces);
    }

    static List<Object> decodeInChunks(String input, Random random) {
        byte[] all = bytes(input);
        List<byte[]> pieces = new ArrayList<>();
        for (int p = 0; p < all.length; ) {
            int n = Math.min(all.length - p, 1 + random.nextInt(7));
            pieces.add(java.util.Arrays.copyOfRange(all, p, p + n));
            p += n;
        }
        return decode(new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, true)), pieces);
    }

    static List<Object> decode(EmbeddedChannel channel, List<byte[]> pieces) {
        for (byte[] piece : pieces) channel.writeInbound(Unpooled.wrappedBuffer(piece));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) out.add(o);
        channel.finishAndReleaseAll();
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
