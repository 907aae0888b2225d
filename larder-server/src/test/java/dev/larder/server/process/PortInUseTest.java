package dev.larder.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.testing.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose port is taken says so and exits non-zero, rather than hanging or starting elsewhere. */
class PortInUseTest {
    @TempDir
    Path scratch;

    @Test
    void exitsNonZeroNamingTheTakenAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerProcess server = ServerProcess.launch(taken.getLocalPort(), scratch.resolve("data"), "256m")) {
            assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exited; %s", server.stderrTail()).isTrue();
            assertThat(server.exitValue()).as("exit status; %s", server.stderrTail()).isNotZero();
            assertThat(server.stderr()).containsIgnoringCase("address already in use");
        }
    }
}
