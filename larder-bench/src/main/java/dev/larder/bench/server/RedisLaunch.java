package dev.larder.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start the peer: redis-server without RDB snapshots and, by default, without an AOF, so it
 * does no disk I/O while it is measured. With {@code appendOnly} it keeps an AOF with
 * {@code appendfsync everysec}, the promise Larder's default makes: an acknowledged write has
 * reached the OS (Redis writes the AOF buffer before it sends the replies of that loop pass).
 *
 * @param redisServer the redis-server executable
 */
public record RedisLaunch(String redisServer, boolean appendOnly) {

    public RedisLaunch(String redisServer) {
        this(redisServer, false);
    }

    /** The command line for a server on {@code 127.0.0.1:port}, its working files in {@code dir}. */
    public List<String> command(int port, Path dir) {
        List<String> command = new ArrayList<>(List.of(redisServer, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", ""));
        if (appendOnly) command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
        else command.addAll(List.of("--appendonly", "no"));
        command.addAll(List.of("--dir", dir.toString(), "--daemonize", "no"));
        return List.copyOf(command);
    }

    /** How the report names this peer. */
    public String label() {
        return appendOnly ? "Redis (AOF everysec)" : "Redis";
    }
}
