package dev.larder.server.differential;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both servers with a requirepass: what an unauthenticated client may and may not do. */
class AuthRequiredTest {
    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path scratch;
    static DifferentialServers servers;
    static DifferentialHarness harness;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(scratch, PASSWORD);
        harness = servers.harness();
    }

    @AfterAll
    static void stop() {
        if (servers != null) servers.close();
    }

    @Test
    void commandsBeforeAndAfterAuth() {
        harness.run(Script.named("auth-required").cmds("PING", "GET a", "SET a 1", "FOOBAR x", "GET", "SELECT 1",
                "CLIENT SETNAME x", "CONFIG GET timeout", "HELLO", "HELLO 3", "HELLO 2 AUTH default wrong",
                "HELLO 3 AUTH default", "AUTH", "AUTH wrong", "AUTH default wrong", "AUTH someone " + PASSWORD,
                "AUTH a b c", "PING", "AUTH " + PASSWORD, "PING", "SET a 1", "GET a", "AUTH wrong", "GET a",
                "RESET", "GET a", "AUTH default " + PASSWORD, "GET a", "QUIT", "GET a",
                "HELLO 3 AUTH default " + PASSWORD + " SETNAME n", "CLIENT GETNAME", "GET a", "GET missing"));
    }

    @Test
    void unauthenticatedInput() {
        harness.run(Script.named("auth-raw").raw("PING\r\n", 1).raw("*1\r\n$4\r\nPING\r\n", 1)
                .rawThenClosed("*20000\r\n").rawThenClosed("*1\r\n$20000\r\n").raw("AUTH " + PASSWORD + "\r\n", 1)
                .raw("*1\r\n$20000\r\n" + "x".repeat(20000) + "\r\n", 1));
    }
}
