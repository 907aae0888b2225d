package dev.larder.bench.server;

import java.nio.file.Path;
import java.util.List;

/**
 * How to start the peer: redis-server with persistence off (no RDB snapshots, no AOF), so it does
 * no disk I/O while it is measured.
 *
 * @param redisServer the redis-server executable
 */
public record RedisLaunch(String redisServer) {

    /** The command line for a server on {@code 127.0.0.1:port}, its working files in {@code dir}. */
    public List<String> command(int port, Path dir) {
        return List.of(redisServer, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
    }
}
