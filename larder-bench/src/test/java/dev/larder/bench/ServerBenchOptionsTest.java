package dev.larder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runs the flags choose, and which tools those runs need before anything starts. */
class ServerBenchOptionsTest {
    private static final String MISSING = "/nonexistent/redis-tool";
    private static final String PRESENT = "/bin/sh";

    private static ServerBench.Options options(boolean ltm, boolean restart, String redisServer, String redisBenchmark) {
        return new ServerBench.Options(false, ltm, restart, false, null, 3, 0, null, List.of(), redisServer,
                false, redisBenchmark, 0, 0);
    }

    @Test
    void restartReplacesTheSideBySideRunAsLtmDoes() {
        assertThat(options(false, false, PRESENT, PRESENT).mode()).isEqualTo("side-by-side");
        assertThat(options(false, true, PRESENT, PRESENT).mode()).isEqualTo("restart");
        assertThat(options(true, true, PRESENT, PRESENT).mode()).isEqualTo("larger-than-memory, restart");
        assertThat(options(true, true, PRESENT, PRESENT).sideBySide()).isFalse();
    }

    @Test
    void restartNeedsRedisServerButNotRedisBenchmark() {
        assertThat(ServerBench.missingExecutable(options(false, true, PRESENT, MISSING))).isNull();
        assertThat(ServerBench.missingExecutable(options(false, true, MISSING, PRESENT))).contains("redis-server");
    }

    @Test
    void ltmNeedsRedisBenchmarkButNotRedisServerUnlessRestartRunsToo() {
        assertThat(ServerBench.missingExecutable(options(true, false, MISSING, PRESENT))).isNull();
        assertThat(ServerBench.missingExecutable(options(true, false, PRESENT, MISSING))).contains("redis-benchmark");
        assertThat(ServerBench.missingExecutable(options(true, true, MISSING, PRESENT))).contains("redis-server");
    }

    @Test
    void sideBySideNeedsBoth() {
        assertThat(ServerBench.missingExecutable(options(false, false, MISSING, PRESENT))).contains("redis-server");
        assertThat(ServerBench.missingExecutable(options(false, false, PRESENT, MISSING))).contains("redis-benchmark");
    }
}
