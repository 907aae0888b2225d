package dev.larder.server.differential;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two servers of a differential test class: redis-server 7.0.15 as the reference, and Larder,
 * started in-process. With {@code -Dlarder.diff.target=redis} the server under test is a second
 * redis-server instead, which checks that the scripts and the harness themselves are
 * deterministic (every script must pass redis against redis).
 */
final class DifferentialServers implements AutoCloseable {
    /** Larder's startup settings; the reference redis-server gets the same values where both have them. */
    static final ServerConfig LARDER_CONFIG = ServerConfig.defaults().withPort(0);

    private final RedisServerProcess reference;
    private final Runnable stopTarget;
    private final String targetName;
    private final int targetPort;
    private final String password;

    private DifferentialServers(RedisServerProcess reference, Runnable stopTarget, String targetName, int targetPort, String password) {
        this.reference = reference;
        this.stopTarget = stopTarget;
        this.targetName = targetName;
        this.targetPort = targetPort;
        this.password = password;
    }

    static DifferentialServers start(Path scratch) throws IOException {
        return start(scratch, null);
    }

    /** Both servers with {@code requirepass} set to {@code password} (null: none). */
    static DifferentialServers start(Path scratch, String password) throws IOException {
        RedisServerProcess reference = startRedis(scratch.resolve("reference"), password);
        try {
            if ("redis".equals(System.getProperty("larder.diff.target"))) {
                RedisServerProcess second = startRedis(scratch.resolve("target"), password);
                return new DifferentialServers(reference, second::close, "redis (as target)", second.port(), password);
            }
            LarderServer larder = LarderServer.start(LARDER_CONFIG.withDir(scratch.resolve("larder")).withRequirePass(password));
            return new DifferentialServers(reference, larder::close, "larder", larder.port(), password);
        } catch (IOException | RuntimeException e) {
            reference.close();
            throw e;
        }
    }

    private static RedisServerProcess startRedis(Path scratch, String password) throws IOException {
        Files.createDirectories(scratch);
        List<String> args = new ArrayList<>(List.of(
                "--maxmemory", Long.toString(LARDER_CONFIG.maxMemoryBytes()),
                "--maxclients", Integer.toString(LARDER_CONFIG.maxClients()),
                "--timeout", Long.toString(LARDER_CONFIG.idleTimeoutSeconds())));
        if (password != null) args.addAll(List.of("--requirepass", password));
        return RedisServerProcess.start(scratch, args.toArray(String[]::new));
    }

    DifferentialHarness harness() {
        return new DifferentialHarness("redis", reference.port(), targetName, targetPort, password);
    }

    @Override
    public void close() {
        try {
            stopTarget.run();
        } finally {
            reference.close();
        }
    }
}
