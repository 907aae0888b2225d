package dev.larder.bench.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client for the harness's own calls: PING while a server starts, and
 * spot checks after loading. The static {@link #writeCommand} and {@link #readReply} are shared with
 * the pipelined {@link KeyLoader}.
 *
 * <p>Replies map to: simple string → {@code String}; bulk string → {@code byte[]} (null bulk →
 * {@code null}); integer → {@code Long}; array → {@code List<Object>}; error → {@link ErrorReply}
 * thrown.
 */
final class RespConnection implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** Connects to {@code 127.0.0.1:port}; every connect and read gives up after {@code timeoutMs}. */
    static RespConnection open(int port, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            return new RespConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    Object call(String... args) throws IOException {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        writeCommand(out, bytes);
        out.flush();
        return readReply(in);
    }

    /** Writes {@code *N\r\n$len\r\narg\r\n...}; the caller flushes. */
    static void writeCommand(OutputStream out, byte[]... args) throws IOException {
        writeArrayHeader(out, args.length);
        for (byte[] arg : args) writeBulk(out, arg, 0, arg.length);
    }

    static void writeArrayHeader(OutputStream out, int count) throws IOException {
        writeHeader(out, '*', count);
    }

    /** Writes {@code bytes[offset, offset+length)} as a bulk string (the loader's values are slices of a pool). */
    static void writeBulk(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        writeHeader(out, '$', length);
        out.write(bytes, offset, length);
        out.write(CRLF);
    }

    static Object readReply(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("server closed the connection");
        String line = readLine(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new ErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(in, Integer.parseInt(line));
            case '*' -> array(in, Integer.parseInt(line));
            default -> throw new IOException("not a RESP reply: type byte " + type + ", line " + line);
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void writeHeader(OutputStream out, char type, int count) throws IOException {
        out.write(type);
        out.write(Integer.toString(count).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private static byte[] bulk(InputStream in, int length) throws IOException {
        if (length < 0) return null;
        byte[] value = in.readNBytes(length);
        if (value.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("bulk string of " + length + " bytes cut short");
        }
        return value;
    }

    private static List<Object> array(InputStream in, int count) throws IOException {
        if (count < 0) return null;
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) items.add(readReply(in));
        return items;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) throw new EOFException("server closed the connection mid-reply");
            line.write(b);
        }
        if (in.read() != '\n') throw new IOException("RESP line not ended by CRLF: " + line);
        return line.toString(StandardCharsets.UTF_8);
    }

    /** The server answered with an error reply ({@code -ERR ...}). */
    static final class ErrorReply extends IOException {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }
}
