package dev.larder.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact bytes of every reply type in RESP2 and RESP3; doubles as redis-server 7.0.15 prints them. */
class ReplyEncoderTest {

    @Test
    void scalars() {
        assertEncodes(Reply.OK, "+OK\r\n", "+OK\r\n");
        assertEncodes(Reply.error("ERR syntax error"), "-ERR syntax error\r\n", "-ERR syntax error\r\n");
        assertEncodes(new Reply.Integer(-42), ":-42\r\n", ":-42\r\n");
        assertEncodes(Reply.Bulk.of("héllo"), "$6\r\nhéllo\r\n", "$6\r\nhéllo\r\n");
        assertEncodes(new Reply.Bulk(new byte[0]), "$0\r\n\r\n", "$0\r\n\r\n");
        assertEncodes(new Reply.Boolean(true), ":1\r\n", "#t\r\n");
        assertEncodes(new Reply.Boolean(false), ":0\r\n", "#f\r\n");
        assertEncodes(new Reply.Double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n");
        assertEncodes(new Reply.Verbatim("txt", "Some text"), "$9\r\nSome text\r\n", "=13\r\ntxt:Some text\r\n");
    }

    @Test
    void lineTextsGoOutAsTheBytesTheirCharsStandFor() { // arguments are decoded as ISO-8859-1, so an echoed byte stays one byte
        ByteBuf out = Unpooled.buffer();
        ReplyEncoder.write(Reply.error("ERR got '\u00ff'"), out, false);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes).release();
        assertThat(bytes).containsExactly("-ERR got '\u00ff'\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void nullsTakeTheShapeOfTheirContextInResp2() {
        assertEncodes(Reply.Null.STRING, "$-1\r\n", "_\r\n");
        assertEncodes(Reply.Null.ARRAY, "*-1\r\n", "_\r\n");
    }

    @Test
    void aggregatesNestAndDowngrade() {
        Reply array = new Reply.Array(List.of(Reply.Bulk.of("a"), new Reply.Integer(1), Reply.Null.STRING));
        assertEncodes(array, "*3\r\n$1\r\na\r\n:1\r\n$-1\r\n", "*3\r\n$1\r\na\r\n:1\r\n_\r\n");
        Reply map = new Reply.Map(List.of(Reply.Bulk.of("k"), new Reply.Array(List.of(Reply.ONE))));
        assertEncodes(map, "*2\r\n$1\r\nk\r\n*1\r\n:1\r\n", "%1\r\n$1\r\nk\r\n*1\r\n:1\r\n");
        assertEncodes(new Reply.Set(List.of(Reply.Bulk.of("x"))), "*1\r\n$1\r\nx\r\n", "~1\r\n$1\r\nx\r\n");
        assertEncodes(Reply.EMPTY_ARRAY, "*0\r\n", "*0\r\n");
    }

    @Test
    void rawRepliesAreCopiedAsCapturedForTheCurrentProtocol() {
        Reply raw = new Reply.Raw("*1\r\n+fast\r\n".getBytes(UTF_8), "~1\r\n+fast\r\n".getBytes(UTF_8));
        assertEncodes(raw, "*1\r\n+fast\r\n", "~1\r\n+fast\r\n");
        Reply nested = new Reply.Array(List.of(raw, Reply.Null.STRING));
        assertEncodes(nested, "*2\r\n*1\r\n+fast\r\n$-1\r\n", "*2\r\n~1\r\n+fast\r\n_\r\n");
    }

    @ParameterizedTest
    @CsvSource({
            "3.14, 3.1400000000000001", "0.1, 0.10000000000000001", "1.5, 1.5", "10, 10", "-0.0, 0",
            "1e20, 1e+20", "1.5e-5, 1.5e-05", "123456789012345678, 1.2345678901234568e+17",
            "2.5e-300, 2.5e-300", "-7.25, -7.25"})
    void doublesAsRedisPrintsThem(double value, String expected) {
        assertThat(ReplyEncoder.format(value)).isEqualTo(expected);
    }

    @Test
    void infinitiesAndNan() {
        assertThat(ReplyEncoder.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ReplyEncoder.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(ReplyEncoder.format(Double.NaN)).isEqualTo("nan");
    }

    private static void assertEncodes(Reply reply, String resp2, String resp3) {
        assertThat(encode(reply, false)).as("RESP2").isEqualTo(resp2);
        assertThat(encode(reply, true)).as("RESP3").isEqualTo(resp3);
    }

    private static String encode(Reply reply, boolean resp3) {
        ByteBuf out = Unpooled.buffer();
        try {
            ReplyEncoder.write(reply, out, resp3);
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }
}
