package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.testing.ServerProcess;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis's largest value, 512 MiB (proto-max-bulk-len), through a child server and back, streamed
 * over a raw socket so the test never holds it: the value comes from a seeded PRNG chunk by chunk
 * and both directions are compared by SHA-256 and length. One byte more is Redis's protocol error,
 * which closes only the offending connection.
 *
 * <p>The disk tier is 3 GiB: the engine refuses a value larger than a quarter of its device, and a
 * 2 GiB tier (2 GiB less the superblocks and a partial region) tops out just under 512 MiB.
 */
class LargeValueTest {
    private static final long MAX_BULK_BYTES = 512L << 20;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int READ_TIMEOUT_MS = 120_000;

    @TempDir
    static Path scratch;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws IOException {
        server = ServerProcess.start(scratch.resolve("data"), "3g", "--disk-capacity", "3gb");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void valueOfExactly512MiBRoundTrips() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            long startNs = System.nanoTime();
            out.write(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + MAX_BULK_BYTES + "\r\n").getBytes(US_ASCII));
            byte[] sentHash = writeValue(out, MAX_BULK_BYTES, 512);
            out.write("\r\n".getBytes(US_ASCII));
            out.flush();
            assertThat(readLine(in)).as("reply to SET of 512 MiB; %s", server.stderrTail()).isEqualTo("+OK");
            long setNs = System.nanoTime();

            send(out, "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n");
            assertThat(readLine(in)).as("GET header; %s", server.stderrTail()).isEqualTo("$" + MAX_BULK_BYTES);
            byte[] receivedHash = readValue(in, MAX_BULK_BYTES);
            assertThat(readLine(in)).as("CRLF after the value").isEmpty();
            long getNs = System.nanoTime();
            assertThat(HexFormat.of().formatHex(receivedHash)).as("SHA-256 of the value read back")
                    .isEqualTo(HexFormat.of().formatHex(sentHash));

            send(out, "*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n");
            assertThat(readLine(in)).isEqualTo(":" + MAX_BULK_BYTES);
            System.out.printf("512 MiB value: SET %d ms, GET %d ms%n", (setNs - startNs) / 1_000_000,
                    (getNs - setNs) / 1_000_000);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void oneByteMoreIsAProtocolErrorForThatConnectionOnly() throws Exception {
        try (Socket bystander = connect(); Socket offender = connect()) {
            assertThat(call(bystander, "*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG");
            send(offender.getOutputStream(), "*3\r\n$3\r\nSET\r\n$4\r\nbig2\r\n$" + (MAX_BULK_BYTES + 1) + "\r\n");
            assertThat(new String(offender.getInputStream().readAllBytes(), US_ASCII))
                    .as("everything the server sent before closing the connection")
                    .isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(call(bystander, "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny\r\n")).isEqualTo("+OK");
            assertThat(call(bystander, "*2\r\n$3\r\nGET\r\n$1\r\nx\r\n")).isEqualTo("$1");
        }
    }

    /** Writes {@code length} bytes of a seeded PRNG stream; returns their SHA-256. */
    private static byte[] writeValue(OutputStream out, long length, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest = sha256();
        byte[] chunk = new byte[CHUNK_BYTES];
        for (long left = length; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, left);
            digest.update(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        return digest.digest();
    }

    /** Reads exactly {@code length} bytes; returns their SHA-256. */
    private static byte[] readValue(InputStream in, long length) throws IOException {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[CHUNK_BYTES];
        for (long left = length; left > 0; ) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) throw new EOFException("connection closed with " + left + " bytes of the value unread");
            digest.update(chunk, 0, n);
            left -= n;
        }
        return digest.digest();
    }

    private static String call(Socket socket, String request) throws IOException {
        send(socket.getOutputStream(), request);
        return readLine(socket.getInputStream());
    }

    private static void send(OutputStream out, String request) throws IOException {
        out.write(request.getBytes(US_ASCII));
        out.flush();
    }

    /** One CRLF-terminated line, without the CRLF. Byte at a time: callers pass buffered streams for bulk. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int previous = -1, b; ; previous = b) {
            b = in.read();
            if (b < 0) throw new EOFException("connection closed after \"" + line.toString(US_ASCII) + "\"");
            if (previous == '\r' && b == '\n') break;
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, US_ASCII);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
