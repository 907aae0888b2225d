package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchCommandsTest {
    @Test
    void redisRunsWithPersistenceOffOnLoopback() {
        List<String> command = new RedisLaunch("redis-server").command(7001, Path.of("/tmp/r"));

        assertThat(String.join(" ", command)).isEqualTo("redis-server --port 7001 --bind 127.0.0.1 --save "
                + " --appendonly no --dir /tmp/r --daemonize no");
        assertThat(command).containsSequence("--save", ""); // an empty argument, not a missing one
    }

    @Test
    void redisWithAofWritesEverySecondAndNoSnapshots() {
        var launch = new RedisLaunch("redis-server", true);

        assertThat(String.join(" ", launch.command(7001, Path.of("/tmp/r")))).isEqualTo("redis-server --port 7001 --bind "
                + "127.0.0.1 --save  --appendonly yes --appendfsync everysec --dir /tmp/r --daemonize no");
        assertThat(launch.label()).isEqualTo("Redis (AOF everysec)");
    }

    @Test
    void larderRunsFromThisJvmsClassPathWithNativeAccessAndHeap() {
        List<String> command = new LarderLaunch(null, "6gb", "8gb", "12g", List.of()).command(7002, Path.of("/d"));

        assertThat(command.getFirst()).endsWith("/bin/java");
        assertThat(command).containsSequence("--enable-native-access=ALL-UNNAMED", "-Xmx12g", "-Xms12g",
                "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch", "-cp",
                System.getProperty("java.class.path"), "dev.larder.cli.LarderCommand", "serve");
        assertThat(command).containsSequence("--port", "7002").containsSequence("--dir", "/d")
                .containsSequence("--maxmemory", "6gb").containsSequence("--disk-capacity", "8gb");
    }

    @Test
    void benchmarkServersGetTheJvmOptionsOfLarderServe() throws IOException {
        String scripts = Files.readString(Path.of("..", "scripts", "lib.sh")); // ./larder serve takes them from there

        assertThat(scripts).contains("\nserve_jvm_options=(" + String.join(" ", LarderLaunch.SERVE_JVM_OPTIONS) + ")\n");
        assertThat(scripts).contains("\nfixed_heap_jvm_options=(" + String.join(" ", LarderLaunch.FIXED_HEAP_JVM_OPTIONS) + ")\n");
    }

    @Test
    void aGrowingHeapIsNotPreTouched() {
        List<String> command = new LarderLaunch(null, "6gb", "8gb", null, List.of()).command(7002, Path.of("/d"));

        assertThat(command).contains("-XX:+UseTransparentHugePages").doesNotContain("-XX:+AlwaysPreTouch")
                .noneMatch(option -> option.startsWith("-Xms"));
    }

    @Test
    void larderCmdReplacesTheJvmAndExtraArgsComeLast() {
        var launch = new LarderLaunch(Path.of("/opt/larder"), "256mb", "1gb", "2g", List.of("--appendfsync", "no"));

        assertThat(launch.withMemory("6gb", "12g").withDiskCapacity("8gb").command(7003, Path.of("/d")))
                .containsExactly("/opt/larder", "serve", "--bind", "127.0.0.1", "--port", "7003", "--dir", "/d",
                        "--maxmemory", "6gb", "--disk-capacity", "8gb", "--appendfsync", "no");
    }

    @Test
    void redisBenchmarkGetsOneTestAndEveryKnob() {
        List<String> command = RedisBenchmark.command("redis-benchmark", 7004, new Workload("mset", 4096, 16), 30_000,
                100_000);

        assertThat(String.join(" ", command)).isEqualTo(
                "redis-benchmark -h 127.0.0.1 -p 7004 -t mset -c 50 -n 30000 -d 4096 -P 16 --csv -r 100000");
    }
}
