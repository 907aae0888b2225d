package dev.larder.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads exactly one RESP2 or RESP3 reply from a stream and returns its bytes unchanged, so two
 * servers' replies can be compared byte for byte. Knows only framing, not meaning.
 */
public final class RespFramer {
    private RespFramer() {}

    public static byte[] readReply(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyOne(in, out);
        return out.toByteArray();
    }

    private static void copyOne(InputStream in, ByteArrayOutputStream out) throws IOException {
        String line = readLine(in, out);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> { }
            case '$', '=', '!' -> {
                long length = Long.parseLong(rest);
                if (length >= 0) copyBytes(in, out, length + 2);
            }
            case '*', '~', '>' -> {
                long count = Long.parseLong(rest);
                for (long i = 0; i < count; i++) copyOne(in, out);
            }
            case '%', '|' -> {
                long count = Long.parseLong(rest);
                for (long i = 0; i < 2 * count; i++) copyOne(in, out);
                if (type == '|') copyOne(in, out); // an attribute precedes the reply it annotates
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed after " + line.length() + " bytes of a reply line");
            out.write(b);
            if (previous == '\r' && b == '\n') return line.substring(0, line.length() - 1);
            line.append((char) b);
            previous = b;
        }
    }

    private static void copyBytes(InputStream in, ByteArrayOutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8192];
        while (count > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
            if (n < 0) throw new EOFException("connection closed inside a bulk reply");
            out.write(buffer, 0, n);
            count -= n;
        }
    }
}
