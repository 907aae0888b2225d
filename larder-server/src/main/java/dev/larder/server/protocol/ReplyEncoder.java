package dev.larder.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link Reply}s as RESP2 or RESP3 (switched by {@code HELLO}). Doubles are written as
 * Redis 7.0 writes them: {@code inf}, {@code -inf}, {@code nan}, or C's {@code %.17g}.
 */
public final class ReplyEncoder extends MessageToByteEncoder<Reply> {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private volatile int protocol = 2;

    public ReplyEncoder() {
        super(Reply.class);
    }

    /** 2 or 3, as negotiated by HELLO; replies encoded after this call use it. */
    public void protocol(int protocol) {
        if (protocol != 2 && protocol != 3) throw new IllegalArgumentException("RESP version must be 2 or 3: " + protocol);
        this.protocol = protocol;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
        write(reply, out, protocol == 3);
    }

    /** Appends {@code reply} to {@code out}; for callers that batch many replies into one buffer. */
    public static void write(Reply reply, ByteBuf out, boolean resp3) {
        switch (reply) {
            case Reply.Simple s -> line(out, '+', s.text());
            case Reply.Error e -> line(out, '-', e.text());
            case Reply.Integer i -> line(out, ':', Long.toString(i.value()));
            case Reply.Bulk b -> bulk(out, '$', b.bytes());
            case Reply.Verbatim v -> {
                if (resp3) bulk(out, '=', (v.format() + ":" + v.text()).getBytes(StandardCharsets.UTF_8));
                else bulk(out, '$', v.text().getBytes(StandardCharsets.UTF_8));
            }
            case Reply.Double d -> {
                if (resp3) line(out, ',', format(d.value()));
                else bulk(out, '$', format(d.value()).getBytes(StandardCharsets.US_ASCII));
            }
            case Reply.Boolean b -> {
                if (resp3) line(out, '#', b.value() ? "t" : "f");
                else line(out, ':', b.value() ? "1" : "0");
            }
            case Reply.Array a -> aggregate(out, '*', a.items().size(), a.items(), resp3);
            case Reply.Set s -> aggregate(out, resp3 ? '~' : '*', s.items().size(), s.items(), resp3);
            case Reply.Map m -> aggregate(out, resp3 ? '%' : '*',
                    resp3 ? m.keysAndValues().size() / 2 : m.keysAndValues().size(), m.keysAndValues(), resp3);
            case Reply.Raw r -> out.writeBytes(resp3 ? r.resp3() : r.resp2());
            case Reply.Chunked c -> throw new IllegalStateException("a chunked value is streamed by its connection, not encoded in place");
            case Reply.Null n -> {
                if (resp3) out.writeBytes(new byte[] {'_', '\r', '\n'});
                else out.writeBytes(n == Reply.Null.STRING ? new byte[] {'$', '-', '1', '\r', '\n'} : new byte[] {'*', '-', '1', '\r', '\n'});
            }
        }
    }

    private static void aggregate(ByteBuf out, char type, int count, java.util.List<Reply> items, boolean resp3) {
        line(out, type, Integer.toString(count));
        for (Reply item : items) write(item, out, resp3);
    }

    /** Texts hold bytes as ISO-8859-1 chars (arguments are decoded so), and go out as those bytes. */
    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        ByteBufUtil.writeAscii(out, text);
        out.writeBytes(CRLF);
    }

    private static void bulk(ByteBuf out, char type, byte[] bytes) {
        line(out, type, Integer.toString(bytes.length));
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
    }

    /** C's {@code %.17g} (17 significant digits, trailing zeros dropped), and inf/-inf/nan. */
    static String format(double value) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return "0";
        // Java's %g pads the shortest representation; C rounds the exact binary value.
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = rounded.signum() < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 17) return sign + trimFraction(rounded.abs().toPlainString());
        String digits = rounded.unscaledValue().abs().toString();
        String mantissa = trimFraction(digits.charAt(0) + "." + digits.substring(1));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String trimFraction(String digits) {
        if (digits.indexOf('.') < 0) return digits;
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') end--;
        if (digits.charAt(end - 1) == '.') end--;
        return digits.substring(0, end);
    }
}
