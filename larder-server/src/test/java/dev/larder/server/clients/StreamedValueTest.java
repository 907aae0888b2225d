package dev.larder.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * GET of a value kept on disk in chunks (40 MiB; regions are 4 MiB) and not in the memory tier
 * (1 MiB, and emptied by a restart) is streamed chunk by chunk: the reply is exact, in order
 * within a pipeline, a slow reader does not hold up other clients, and a value evicted while a
 * slow reader is part-way through ends that connection without a single wrong byte.
 */
class StreamedValueTest {
    private static final int VALUE_BYTES = 40 << 20;
    private static final int TIMEOUT_MS = 30_000;

    @TempDir Path dir;
    private LarderServer server;
    private final byte[] big = new byte[VALUE_BYTES];

    @BeforeEach
    void storeAndRestart() throws Exception {
        new Random(17).nextBytes(big);
        ServerConfig config = ServerConfig.defaults().withPort(0).withDir(dir).withMaxMemory(1 << 20).withDiskCapacity(256L << 20);
        try (LarderServer first = LarderServer.start(config); Jedis jedis = jedis(first)) {
            jedis.set("big".getBytes(), big);
        }
        server = LarderServer.start(config); // an empty memory tier: the value is on disk only
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDiskValueIsStreamedExactlyAndInOrder() {
        try (Jedis jedis = jedis(server)) {
            assertThat(jedis.get("big".getBytes())).isEqualTo(big);
            Pipeline p = jedis.pipelined();
            Response<byte[]> first = p.get("big".getBytes());
            p.set("small", "after");
            Response<String> small = p.get("small");
            Response<byte[]> second = p.get("big".getBytes());
            Response<Long> length = p.strlen("big");
            p.sync();
            assertThat(first.get()).isEqualTo(big);
            assertThat(small.get()).isEqualTo("after");
            assertThat(second.get()).isEqualTo(big);
            assertThat(length.get()).isEqualTo(VALUE_BYTES);
            assertThat(field(jedis.info("larder"), "streamed_values")).as("every GET of it streamed").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void mgetStreamsEachDiskValueInPlace() {
        try (Jedis jedis = jedis(server)) {
            jedis.set("small", "in memory");
            long streamedBefore = field(jedis.info("larder"), "streamed_values");
            List<byte[]> values = jedis.mget("big".getBytes(), "small".getBytes(), "missing".getBytes(), "big".getBytes());
            assertThat(values).hasSize(4);
            assertThat(values.get(0)).isEqualTo(big);
            assertThat(values.get(1)).isEqualTo("in memory".getBytes());
            assertThat(values.get(2)).isNull();
            assertThat(values.get(3)).isEqualTo(big);
            assertThat(field(jedis.info("larder"), "streamed_values") - streamedBefore).as("both copies streamed").isEqualTo(2);
            assertThat(jedis.get("small")).as("the connection carries on").isEqualTo("in memory");
        }
    }

    @Test
    void aSlowReaderDoesNotHoldUpOthers() throws Exception {
        try (Socket slow = rawGet(); Jedis other = jedis(server)) {
            for (int i = 0; i < 20; i++) assertThat(other.ping()).isEqualTo("PONG"); // while slow has read nothing
            byte[] reply = readFully(slow.getInputStream(), header().length + VALUE_BYTES + 2);
            assertThat(Arrays.copyOfRange(reply, 0, header().length)).isEqualTo(header());
            assertThat(Arrays.copyOfRange(reply, header().length, header().length + VALUE_BYTES)).isEqualTo(big);
            assertThat(Arrays.copyOfRange(reply, reply.length - 2, reply.length)).isEqualTo("\r\n".getBytes());
        }
    }

    @Test
    void aValueEvictedMidStreamEndsTheConnectionWithoutWrongBytes() throws Exception {
        try (Socket slow = rawGet(); Jedis other = jedis(server)) {
            byte[] filler = new byte[1 << 20];
            Pipeline p = other.pipelined();
            for (int i = 0; i < 320; i++) p.set(("filler" + i).getBytes(), filler); // 320 MiB through a 256 MiB tier
            p.sync();
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (other.exists("big") && System.currentTimeMillis() < deadline) Thread.sleep(50); // settled within ~0.1 s
            assertThat(other.exists("big")).as("evicted").isFalse();

            byte[] received = readUntilClosed(slow.getInputStream());
            int body = received.length - header().length;
            assertThat(body).as("the reply was cut short").isLessThan(VALUE_BYTES);
            assertThat(Arrays.copyOfRange(received, 0, header().length)).isEqualTo(header());
            assertThat(Arrays.copyOfRange(received, header().length, received.length))
                    .as("every byte sent is the value's").isEqualTo(Arrays.copyOfRange(big, 0, Math.max(body, 0)));
            assertThat(other.ping()).isEqualTo("PONG");
        }
    }

    private Socket rawGet() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setReceiveBufferSize(64 << 10);
        socket.getOutputStream().write("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static byte[] header() {
        return ("$" + VALUE_BYTES + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] all = in.readNBytes(length);
        assertThat(all).hasSize(length);
        return all;
    }

    /** Everything until the server closes the connection (bounded by the socket timeout). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither finished nor closed the reply", e);
        } catch (IOException reset) {
            // a reset also ends it
        }
        return out.toByteArray();
    }

    private static Jedis jedis(LarderServer s) {
        return new Jedis("127.0.0.1", s.port(), TIMEOUT_MS);
    }

    private static long field(String info, String name) {
        List<String> lines = info.lines().filter(l -> l.startsWith(name + ":")).toList();
        assertThat(lines).hasSize(1);
        return Long.parseLong(lines.getFirst().substring(name.length() + 1).trim());
    }
}
