package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.server.testing.RespConnection;
import dev.larder.server.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that stops taking writes under a running server, made real by lowering the server
 * process's file-size limit to 0 (prlimit(1)): every write to its data file then fails with
 * EFBIG, as a failing device's would (the data file is preallocated, so a full filesystem cannot
 * fail it). No write is acknowledged that did not happen, later writes get Redis's MISCONF error
 * on a connection that stays open, reads keep working, and a restart has every acknowledged write.
 */
class DiskFailureTest {
    private static final String MISCONF =
            "-MISCONF Errors writing to the data file: File too large. Writes are refused until the server restarts; reads keep working.\r\n";

    @TempDir
    Path scratch;

    private static String text(byte[] reply) {
        return new String(reply, UTF_8);
    }

    @Test
    void writesFailClearlyAndReadsKeepWorkingThenARestartHasEveryAcknowledgedWrite() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        Path dir = scratch.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, "512m", "--disk-capacity", "64mb")) {
            try (RespConnection c = RespConnection.open(server.port())) {
                assertThat(text(c.call("SET", "a", "1"))).isEqualTo("+OK\r\n");
                assertThat(text(c.call("SET", "n", "10"))).isEqualTo("+OK\r\n");
                assertThat(text(c.call("SET", "short-lived", "x", "PX", "300"))).isEqualTo("+OK\r\n");
            }
            long expiresAtNs = System.nanoTime() + 300_000_000L;
            limitFileSize(server.pid());

            try (RespConnection first = RespConnection.open(server.port())) {
                first.send("SET", "unacknowledged", "x"); // the write that meets the failure: an error, or no reply at all
                String reply = readOrClosed(first);
                assertThat(reply).isIn(MISCONF, "closed");
            }
            try (RespConnection c = RespConnection.open(server.port())) {
                assertThat(text(c.call("SET", "b", "2"))).isEqualTo(MISCONF);
                assertThat(text(c.call("INCR", "n"))).isEqualTo(MISCONF);
                assertThat(text(c.call("DEL", "a"))).isEqualTo(MISCONF);
                assertThat(text(c.call("FLUSHALL"))).isEqualTo(MISCONF);
                assertThat(text(c.call("GET", "a"))).as("reads keep working, and refused writes changed nothing").isEqualTo("$1\r\n1\r\n");
                assertThat(text(c.call("GET", "n"))).isEqualTo("$2\r\n10\r\n");
                assertThat(text(c.call("GET", "b"))).isEqualTo("$-1\r\n");
                assertThat(text(c.call("EXISTS", "a", "n", "b"))).isEqualTo(":2\r\n");
                while (System.nanoTime() < expiresAtNs + 100_000_000L) Thread.sleep(20);
                assertThat(text(c.call("GET", "short-lived"))).as("expired: gone, though the disk refuses its delete").isEqualTo("$-1\r\n");
                assertThat(text(c.call("PING"))).as("the connection stays open").isEqualTo("+PONG\r\n");
            }
            server.kill9();
        }
        try (ServerProcess server = ServerProcess.start(dir, "512m", "--disk-capacity", "64mb");
             RespConnection c = RespConnection.open(server.port())) {
            assertThat(text(c.call("GET", "a"))).isEqualTo("$1\r\n1\r\n");
            assertThat(text(c.call("GET", "short-lived"))).isEqualTo("$-1\r\n");
            assertThat(text(c.call("GET", "n"))).isEqualTo("$2\r\n10\r\n");
            assertThat(text(c.call("GET", "b"))).isEqualTo("$-1\r\n");
            assertThat(text(c.call("SET", "b", "2"))).as("writable again").isEqualTo("+OK\r\n");
        }
    }

    /**
     * A filesystem that fills up under a running server (a tmpfs the test mounts, so it needs
     * root): the preallocated data file keeps taking writes, SAVE fails with an error naming the
     * file it could not write and INFO says so, and the last good save stays as it was.
     */
    @Test
    void aFullFilesystemFailsSaveClearlyWhileWritesAndReadsGoOn() throws Exception {
        Path mountPoint = Files.createDirectories(scratch.resolve("small-fs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", mountPoint.toString()) == 0, "needs to mount a tmpfs (root)");
        try {
            Path dir = mountPoint.resolve("data");
            try (ServerProcess server = ServerProcess.start(dir, "512m", "--disk-capacity", "64mb");
                 RespConnection c = RespConnection.open(server.port())) {
                assertThat(text(c.call("SET", "before", "1"))).isEqualTo("+OK\r\n");
                assertThat(text(c.call("SAVE"))).isEqualTo("+OK\r\n");
                fill(mountPoint.resolve("filler"));

                assertThat(text(c.call("SET", "after", "2"))).as("the data file is preallocated").isEqualTo("+OK\r\n");
                assertThat(text(c.call("SAVE"))).startsWith("-ERR saving failed: ").contains(dir.toString());
                assertThat(text(c.call("INFO", "persistence"))).contains("rdb_last_bgsave_status:err\r\n", "rdb_changes_since_last_save:1\r\n");
                assertThat(text(c.call("GET", "before"))).isEqualTo("$1\r\n1\r\n");
                assertThat(text(c.call("GET", "after"))).isEqualTo("$1\r\n2\r\n");
                server.kill9();
            }
            Files.delete(mountPoint.resolve("filler"));
            try (ServerProcess server = ServerProcess.start(dir, "512m", "--disk-capacity", "64mb");
                 RespConnection c = RespConnection.open(server.port())) {
                assertThat(text(c.call("MGET", "before", "after"))).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
                assertThat(text(c.call("SAVE"))).as("room again").isEqualTo("+OK\r\n");
                assertThat(text(c.call("INFO", "persistence"))).contains("rdb_last_bgsave_status:ok\r\n");
            }
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    /** Writes zeros to {@code file} until the filesystem is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            while (true) out.write(block);
        } catch (IOException full) {
            assertThat(full.getMessage()).as("the filesystem filled up").containsIgnoringCase("space");
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void limitFileSize(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/prlimit", "--pid", Long.toString(pid), "--fsize=0").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), UTF_8)).isZero();
    }

    private static String readOrClosed(RespConnection c) {
        try {
            return text(c.read());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.net.SocketTimeoutException) throw e; // no answer at all is a failure
            return "closed";
        }
    }
}
