package dev.larder.server.limits;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.testing.RespFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless clients: malformed protocol, huge declared lengths, too many connections,
 * no password, slow readers, idle connections. Each gets Redis's answer and nobody else notices.
 */
class ConnectionLimitsTest {
    @TempDir Path dir;
    private LarderServer server;
    private final List<Socket> sockets = new ArrayList<>();

    private void start(ServerConfig config) throws IOException {
        server = LarderServer.start(config.withPort(0).withDir(dir));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) socket.close();
        if (server != null) server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static String call(Socket socket, String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(US_ASCII));
        return new String(RespFramer.readReply(socket.getInputStream()), US_ASCII);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void malformedProtocolClosesOnlyThatConnection() throws IOException {
        start(ServerConfig.defaults());
        Socket good = connect();
        Socket bad = connect();
        assertThat(call(good, "SET k v\r\n")).isEqualTo("+OK\r\n");
        assertThat(call(bad, "*1\r\n$3\r\nGET\r\n*x\r\n")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(new String(RespFramer.readReply(bad.getInputStream()), US_ASCII))
                .isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(closedByServer(bad)).isTrue();
        assertThat(call(good, "GET k\r\n")).isEqualTo("$1\r\nv\r\n");
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        start(ServerConfig.defaults());
        Socket socket = connect();
        assertThat(call(socket, "*1\r\n$536870913\r\n")).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(closedByServer(socket)).isTrue();
        Socket many = connect();
        assertThat(call(many, "*2147483648\r\n")).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        Runtime runtime = Runtime.getRuntime();
        assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(1L << 30);
    }

    @Test
    void unauthenticatedClientsMayOnlyAuthenticate() throws IOException {
        start(ServerConfig.defaults().withRequirePass("pw"));
        Socket socket = connect();
        assertThat(call(socket, "GET k\r\n")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(call(socket, "NOSUCH\r\n")).startsWith("-ERR unknown command 'NOSUCH'");
        assertThat(call(socket, "AUTH wrong\r\n")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(call(socket, "AUTH pw\r\n")).isEqualTo("+OK\r\n");
        assertThat(call(socket, "GET k\r\n")).isEqualTo("$-1\r\n");
        assertThat(call(socket, "RESET\r\n")).isEqualTo("+RESET\r\n");
        assertThat(call(socket, "GET k\r\n")).isEqualTo("-NOAUTH Authentication required.\r\n");
    }

    @Test
    void clientsBeyondMaxclientsAreRefusedWithRedisError() throws IOException {
        start(ServerConfig.defaults().withMaxClients(2));
        Socket first = connect();
        Socket second = connect();
        assertThat(call(first, "PING\r\n")).isEqualTo("+PONG\r\n");
        assertThat(call(second, "PING\r\n")).isEqualTo("+PONG\r\n");
        Socket third = connect();
        assertThat(new String(RespFramer.readReply(third.getInputStream()), US_ASCII))
                .isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(closedByServer(third)).isTrue();
        first.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        String reply = "";
        while (System.nanoTime() < deadline) { // the server notices the close asynchronously
            Socket again = connect();
            reply = call(again, "PING\r\n");
            if (reply.equals("+PONG\r\n")) break;
        }
        assertThat(reply).isEqualTo("+PONG\r\n");
    }

    /**
     * A client that asks for ~60 GB of replies and reads none is either dropped at the output limit
     * (when one read's worth of requests already exceeds it) or stops being read (back-pressure);
     * which depends on timing. Either way the server's memory stays bounded and others are served.
     */
    @Test
    void aClientThatNeverReadsCostsBoundedMemoryAndOthersCarryOn() throws Exception {
        start(ServerConfig.defaults().withMaxOutputBytes(8 << 20));
        Socket writer = connect();
        assertThat(call(writer, "SET big " + "x".repeat(60_000) + "\r\n")).isEqualTo("+OK\r\n");
        Socket slow = connect();
        byte[] gets = "GET big\r\n".repeat(100).getBytes(US_ASCII);
        Thread flood = Thread.ofPlatform().daemon().start(() -> {
            try {
                OutputStream out = slow.getOutputStream();
                for (int i = 0; i < 10_000; i++) out.write(gets);
            } catch (IOException cutOffOrClosed) {
                // either outcome is allowed; see above
            }
        });
        Thread.sleep(3_000);
        assertThat(call(writer, "GET big\r\n")).hasSize(60_000 + 10);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(1L << 30);
        var allocator = (io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT;
        assertThat(allocator.metric().usedDirectMemory()).as("replies queued in Netty buffers").isLessThan(256L << 20);
        slow.close();
        flood.join(10_000);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.clients().connected() > 1 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(server.clients().connected()).isEqualTo(1);
    }

    @Test
    void aSlowReaderIsNotReadWhileItsRepliesWaitAndIsServedInFull() throws Exception {
        start(ServerConfig.defaults());
        Socket writer = connect();
        assertThat(call(writer, "SET v " + "y".repeat(1000) + "\r\n")).isEqualTo("+OK\r\n");
        Socket slow = connect();
        int requests = 20_000; // ~20 MB of replies: far beyond socket buffers and the 4 MiB high-water mark
        slow.getOutputStream().write("GET v\r\n".repeat(requests).getBytes(US_ASCII));
        Thread.sleep(500); // let the server fill the socket and stop reading this client
        assertThat(call(writer, "PING\r\n")).isEqualTo("+PONG\r\n");
        InputStream in = slow.getInputStream();
        for (int i = 0; i < requests; i++) assertThat(RespFramer.readReply(in)).hasSize(1000 + 9);
    }

    @Test
    void clientsThatDisconnectMidPipelineLeaveNothingBehind() throws Exception {
        start(ServerConfig.defaults());
        Socket writer = connect();
        assertThat(call(writer, "SET big " + "z".repeat(50_000) + "\r\n")).isEqualTo("+OK\r\n");
        for (int i = 0; i < 20; i++) {
            Socket quitter = new Socket(InetAddress.getLoopbackAddress(), server.port());
            quitter.setSoLinger(true, 0); // close with a reset, mid-reply
            quitter.getOutputStream().write("GET big\r\n".repeat(2_000).getBytes(US_ASCII));
            quitter.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.clients().connected() > 1 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(server.clients().connected()).as("only the writer is left").isEqualTo(1);
        assertThat(call(writer, "GET big\r\n")).hasSize(50_000 + 10);
    }

    @Test
    void idleClientsAreDisconnectedAfterTheTimeout() throws Exception {
        start(ServerConfig.defaults().withIdleTimeoutSeconds(1));
        Socket idle = connect();
        assertThat(call(idle, "PING\r\n")).isEqualTo("+PONG\r\n");
        InputStream in = idle.getInputStream();
        idle.setSoTimeout(10_000);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void limitsChangedByConfigSetTakeEffectForTheNextClient() throws Exception {
        start(ServerConfig.defaults());
        Socket admin = connect();
        assertThat(call(admin, "CONFIG SET client-output-limit lots\r\n"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'client-output-limit') - argument must be a memory value\r\n");
        assertThat(call(admin, "CONFIG SET maxclients 2 timeout 1\r\n")).isEqualTo("+OK\r\n");
        Socket idle = connect();
        assertThat(call(idle, "PING\r\n")).isEqualTo("+PONG\r\n");
        assertThat(new String(RespFramer.readReply(connect().getInputStream()), US_ASCII))
                .isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(closedByServer(idle)).as("idle for over a second").isTrue();
    }

    @Test
    void aClientUploadingSlowlyOrSendingUnknownCommandsIsNotIdle() throws Exception {
        start(ServerConfig.defaults().withIdleTimeoutSeconds(2));
        Socket slow = connect();
        Socket unknown = connect();
        OutputStream out = slow.getOutputStream();
        out.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$20\r\n".getBytes(US_ASCII));
        for (int i = 0; i < 20; i++) { // a byte every 250 ms: 5 s in all, over twice the timeout
            out.write('x');
            out.flush();
            assertThat(call(unknown, "NOSUCHCOMMAND\r\n")).startsWith("-ERR unknown command 'NOSUCHCOMMAND'");
            Thread.sleep(250);
        }
        assertThat(call(slow, "\r\n")).isEqualTo("+OK\r\n");
        assertThat(call(unknown, "GET k\r\n")).isEqualTo("$20\r\n" + "x".repeat(20) + "\r\n");
    }

    @Test
    void quitRepliesThenCloses() throws IOException {
        start(ServerConfig.defaults());
        Socket socket = connect();
        assertThat(call(socket, "SET a 1\r\nQUIT\r\nSET a 2\r\n")).isEqualTo("+OK\r\n");
        assertThat(new String(RespFramer.readReply(socket.getInputStream()), US_ASCII)).isEqualTo("+OK\r\n");
        assertThat(closedByServer(socket)).isTrue();
        Socket other = connect();
        assertThat(call(other, "GET a\r\n")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void bindingAPortInUseFailsWithAClearMessage() throws IOException {
        start(ServerConfig.defaults());
        Path otherDir = dir.resolve("other");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        LarderServer.start(ServerConfig.defaults().withPort(server.port()).withDir(otherDir)))
                .isInstanceOf(IOException.class).hasMessageContaining("address already in use");
    }

    @Test
    void aDiskTierLargerThanTheFreeSpaceFailsAtStartupSayingSo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir).withDiskCapacity(1L << 40)))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot open the data in").hasMessageContaining("free");
    }

    @Test
    void tooLongKeysAreRefusedAndLeaveNoTrace() throws IOException {
        start(ServerConfig.defaults());
        Socket socket = connect();
        String key = "k".repeat(70_000);
        assertThat(call(socket, "*3\r\n$3\r\nSET\r\n$70000\r\n" + key + "\r\n$1\r\nv\r\n")).startsWith("-ERR ");
        assertThat(call(socket, "DBSIZE\r\n")).isEqualTo(":0\r\n");
    }

    @Test
    void twoServersCannotShareADataDirectory() throws IOException {
        start(ServerConfig.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir)))
                .isInstanceOf(IOException.class).hasMessageContaining("another Larder server is using");
    }
}
