package dev.larder.server.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request (what {@code telnet} users type) into arguments exactly as Redis's
 * {@code sdssplitargs} does: whitespace separates; "double quotes" take {@code \n \r \t \b \a}
 * and {@code \xHH} escapes; 'single quotes' take only {@code \'}; a closing quote must be followed
 * by whitespace or the end of the line.
 */
final class InlineSplitter {
    private InlineSplitter() {}

    /** The arguments, or null if quotes are unbalanced. A NUL ends the line, as in C. */
    static byte[][] split(byte[] request) {
        byte[] line = upToNul(request);
        List<byte[]> args = new ArrayList<>();
        int p = 0;
        while (true) {
            while (p < line.length && isSpace(line[p])) p++;
            if (p == line.length) return args.toArray(byte[][]::new);
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            p = token(line, p, current);
            if (p < 0) return null;
            args.add(current.toByteArray());
        }
    }

    /** Reads one token starting at {@code p} into {@code out}; returns the position after it, or -1. */
    private static int token(byte[] line, int p, ByteArrayOutputStream out) {
        boolean inDouble = false, inSingle = false;
        for (; ; p++) {
            boolean end = p >= line.length;
            byte c = end ? 0 : line[p];
            if (inDouble) {
                if (end) return -1;
                if (c == '\\' && p + 3 < line.length && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                    out.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                    p += 3;
                } else if (c == '\\' && p + 1 < line.length) {
                    out.write(unescape(line[++p]));
                } else if (c == '"') {
                    return closeQuote(line, p);
                } else {
                    out.write(c);
                }
            } else if (inSingle) {
                if (end) return -1;
                if (c == '\\' && p + 1 < line.length && line[p + 1] == '\'') {
                    out.write('\'');
                    p++;
                } else if (c == '\'') {
                    return closeQuote(line, p);
                } else {
                    out.write(c);
                }
            } else if (end || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                return p;
            } else if (c == '"') {
                inDouble = true;
            } else if (c == '\'') {
                inSingle = true;
            } else {
                out.write(c);
            }
        }
    }

    private static byte[] upToNul(byte[] request) {
        for (int i = 0; i < request.length; i++) if (request[i] == 0) return java.util.Arrays.copyOf(request, i);
        return request;
    }

    /** After a closing quote: whitespace or the end must follow. */
    private static int closeQuote(byte[] line, int quote) {
        int next = quote + 1;
        return next < line.length && !isSpace(line[next]) ? -1 : next;
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
