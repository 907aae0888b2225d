package dev.larder.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/*
 * Implementation notes
 *
 * Why not Netty's codec-redis: it emits a message per header and per content chunk and reports
 * its own error texts; clients and the differential tests expect Redis's exact protocol errors,
 * and the server wants each request as one byte[][].
 *
 * Rules (Redis 7, networking.c): a request is a multibulk ("*<count>\r\n" then count times
 * "$<len>\r\n<len bytes>\r\n") or an inline line. A count that does not parse or exceeds INT_MAX,
 * a missing '$', a length that does not parse, is negative or exceeds proto-max-bulk-len, a count
 * or length line longer than 64 KiB, an inline line longer than 64 KiB or with unbalanced quotes:
 * each is a ProtocolError, after which the rest of the input is discarded. A count <= 0 and a
 * blank inline line are no request at all. Before AUTH (when a password is set) a request may
 * hold at most 10 arguments of at most 16 KiB each.
 *
 * Allocation: nothing is sized by a declared length before its bytes have arrived: an argument's
 * array is allocated when all of it is buffered, and the argument vector grows as arguments come.
 */
public final class RespRequestDecoder extends ByteToMessageDecoder {
    static final int INLINE_MAX_BYTES = 64 * 1024;
    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    static final int UNAUTHENTICATED_MAX_BULK_BYTES = 16 * 1024;
    private static final int LARGE_ARG_BYTES = 1 << 20;
    private static final int INITIAL_ARGS = 1024;
    private static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private enum State { REQUEST_START, BULK_HEADER, BULK_BODY, DISCARD }

    private final long maxBulkBytes;
    private volatile boolean authenticated;
    private State state = State.REQUEST_START;
    private byte[][] args;
    private int argCount;
    private long argsExpected;
    private int bulkLength;
    /** A large argument being received: grown as bytes arrive, never ahead of them by more than 2x. */
    private byte[] largeArg;
    private int largeArgFilled;

    /**
     * @param maxBulkBytes proto-max-bulk-len (Redis default 512 MiB)
     * @param authenticated false while a password is required and not yet given
     */
    public RespRequestDecoder(long maxBulkBytes, boolean authenticated) {
        this.maxBulkBytes = maxBulkBytes;
        this.authenticated = authenticated;
    }

    /** Lifts the pre-AUTH limits (called by the handler after a successful AUTH). */
    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            boolean progressed = switch (state) {
                case REQUEST_START -> in.getByte(in.readerIndex()) == '*' ? decodeCount(in, out) : decodeInline(in, out);
                case BULK_HEADER -> decodeBulkHeader(in, out);
                case BULK_BODY -> decodeBulkBody(in, out);
                case DISCARD -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
            };
            if (!progressed) return;
        }
    }

    /** "*<count>\r\n". Returns false when more bytes are needed (or after an error). */
    private boolean decodeCount(ByteBuf in, List<Object> out) {
        int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            return tooLong(in, out, "Protocol error: too big mbulk count string");
        }
        long count = parseLong(in, in.readerIndex() + 1, cr);
        if (count == NOT_A_NUMBER || count > Integer.MAX_VALUE) return fail(in, out, "Protocol error: invalid multibulk length");
        if (count > UNAUTHENTICATED_MAX_ARGS && !authenticated) return fail(in, out, "Protocol error: unauthenticated multibulk length");
        in.readerIndex(cr + 2);
        if (count > 0) {
            argsExpected = count;
            args = new byte[(int) Math.min(count, INITIAL_ARGS)][];
            argCount = 0;
            state = State.BULK_HEADER;
        }
        return true;
    }

    /** "$<length>\r\n". As Redis, the first byte is checked once the line has its CR and LF. */
    private boolean decodeBulkHeader(ByteBuf in, List<Object> out) {
        int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            return tooLong(in, out, "Protocol error: too big bulk count string");
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') return fail(in, out, "Protocol error: expected '$', got '" + (char) (first & 0xFF) + "'");
        long length = parseLong(in, in.readerIndex() + 1, cr);
        if (length == NOT_A_NUMBER || length < 0 || length > maxBulkBytes) return fail(in, out, "Protocol error: invalid bulk length");
        if (length > UNAUTHENTICATED_MAX_BULK_BYTES && !authenticated) return fail(in, out, "Protocol error: unauthenticated bulk length");
        in.readerIndex(cr + 2);
        bulkLength = (int) length;
        state = State.BULK_BODY;
        return true;
    }

    /**
     * "<length bytes>\r\n". A small argument is copied out once all of it has arrived. A large one
     * is moved out of the cumulation buffer as it arrives: left there, Netty would grow that buffer
     * 4 MiB at a time, copying it on every step (a 512 MiB value took 25 s).
     */
    private boolean decodeBulkBody(ByteBuf in, List<Object> out) {
        byte[] arg;
        if (bulkLength >= LARGE_ARG_BYTES) {
            if (!receiveLarge(in)) return false;
            arg = largeArg;
            largeArg = null;
        } else {
            if (in.readableBytes() < (long) bulkLength + 2) return false;
            arg = new byte[bulkLength];
            in.readBytes(arg);
        }
        in.skipBytes(2); // Redis does not check that these are CRLF either
        if (argCount == args.length) args = Arrays.copyOf(args, (int) Math.min(argsExpected, 2L * args.length));
        args[argCount++] = arg;
        if (argCount == argsExpected) {
            out.add(new Request(args));
            args = null;
            state = State.REQUEST_START;
        } else {
            state = State.BULK_HEADER;
        }
        return true;
    }

    /** True once all of a large argument and its CRLF have arrived (the CRLF still unread). */
    private boolean receiveLarge(ByteBuf in) {
        if (largeArg == null) {
            largeArg = new byte[Math.min(bulkLength, LARGE_ARG_BYTES)];
            largeArgFilled = 0;
        }
        while (largeArgFilled < bulkLength && in.isReadable()) {
            if (largeArgFilled == largeArg.length) {
                largeArg = Arrays.copyOf(largeArg, (int) Math.min(bulkLength, 2L * largeArg.length));
            }
            int n = Math.min(in.readableBytes(), largeArg.length - largeArgFilled);
            in.readBytes(largeArg, largeArgFilled, n);
            largeArgFilled += n;
        }
        return largeArgFilled == bulkLength && in.readableBytes() >= 2;
    }

    /** A line of space-separated (optionally quoted) arguments ending in LF or CRLF. */
    private boolean decodeInline(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) return tooLong(in, out, "Protocol error: too big inline request");
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - in.readerIndex() > INLINE_MAX_BYTES) return fail(in, out, "Protocol error: too big inline request");
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(lf + 1);
        byte[][] inline = InlineSplitter.split(line);
        if (inline == null) return fail(in, out, "Protocol error: unbalanced quotes in request");
        if (inline.length > 0) out.add(new Request(inline));
        return true;
    }

    /** No line end yet: fine unless the line is already longer than Redis allows. */
    private boolean tooLong(ByteBuf in, List<Object> out, String message) {
        return in.readableBytes() > INLINE_MAX_BYTES && fail(in, out, message);
    }

    /** Emits the error and drops all input from here on (the connection is about to close). */
    private boolean fail(ByteBuf in, List<Object> out, String message) {
        out.add(new ProtocolError(message));
        in.skipBytes(in.readableBytes());
        args = null;
        largeArg = null;
        state = State.DISCARD;
        return false;
    }

    /** Redis's string2ll: optional '-', digits, no '+', no spaces, no leading zeros, no overflow. */
    static long parseLong(ByteBuf in, int from, int to) {
        int length = to - from;
        if (length == 0 || length > 20) return NOT_A_NUMBER;
        boolean negative = in.getByte(from) == '-';
        int p = negative ? from + 1 : from;
        if (p == to) return NOT_A_NUMBER;
        if (in.getByte(p) == '0') return p + 1 == to && !negative ? 0 : NOT_A_NUMBER;
        long value = 0;
        for (; p < to; p++) {
            int digit = in.getByte(p) - '0';
            if (digit < 0 || digit > 9) return NOT_A_NUMBER;
            if (value > (Long.MAX_VALUE - digit) / 10) return NOT_A_NUMBER;
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
