package dev.larder.server.differential;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHUTDOWN's error paths, on servers of their own: a server that shuts down where Redis refuses
 * would otherwise take every later script of {@link HandWrittenScriptsTest} down with it.
 */
class ShutdownErrorsTest {
    @TempDir
    static Path scratch;
    static DifferentialServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(scratch);
    }

    @AfterAll
    static void stop() {
        if (servers != null) servers.close();
    }

    @Test
    void shutdownRefusesBadArguments() {
        servers.harness().run(Script.named("shutdown-errors").cmds("SET k v", "SHUTDOWN foo", "SHUTDOWN NOSAVE SAVE",
                "SHUTDOWN SAVE NOSAVE", "SHUTDOWN NOSAVE foo", "shutdown now nosave save", "SHUTDOWN ABORT", "GET k"));
    }
}
