package dev.larder.server.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking test client for one connection to 127.0.0.1: sends commands as RESP multibulks (or
 * raw bytes) and returns each reply's bytes unchanged, so tests can compare servers byte for byte.
 * Every read gives up after {@value #READ_TIMEOUT_MS} ms, so a server that never answers fails the
 * test instead of hanging it. Not thread-safe.
 */
public final class RespConnection implements AutoCloseable {
    public static final int READ_TIMEOUT_MS = 5_000;
    /** How long {@link #closedByPeer()} waits for the server to hang up. */
    private static final int CLOSE_WAIT_MS = 2_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    public static RespConnection open(int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RespConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** Sends one command and returns its reply. */
    public byte[] call(String... args) {
        send(args);
        return read();
    }

    public byte[] call(byte[]... args) {
        send(args);
        return read();
    }

    /** Sends one command without waiting for its reply (pipelining); pair with {@link #read()}. */
    public void send(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        send(bytes);
    }

    public void send(byte[]... args) {
        sendRaw(encode(args));
    }

    /** Sends bytes as they are: inline commands, malformed input, several commands at once. */
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to port " + socket.getPort(), e);
        }
    }

    /** Reads exactly one reply. */
    public byte[] read() {
        try {
            return RespFramer.readReply(in);
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("no reply within " + READ_TIMEOUT_MS + " ms from port " + socket.getPort(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a reply from port " + socket.getPort(), e);
        }
    }

    /**
     * Whether the server closes this connection within {@value #CLOSE_WAIT_MS} ms without sending
     * anything more (what Redis does after QUIT or a protocol error).
     */
    public boolean closedByPeer() {
        try {
            socket.setSoTimeout(CLOSE_WAIT_MS);
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            } catch (IOException ignored) {
                // the socket is closed: nothing left to restore
            }
        }
    }

    /** The RESP multibulk for one command. */
    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            bytes.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(arg);
            bytes.writeBytes(new byte[] {'\r', '\n'});
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
