package dev.larder.server;

import dev.larder.server.command.LiveConfig.Appendfsync;
import java.nio.file.Path;

/**
 * How a server starts. Defaults are Redis's where Redis has one (127.0.0.1:6379, 10,000 clients,
 * no idle timeout) plus Larder's own: a 256 MiB memory tier over a 4 GiB disk tier in
 * {@code ./larder-data} (preallocated; a value may take a quarter of it, so 512 MiB values fit as
 * in Redis), acknowledged writes handed to the OS before the reply (appendfsync everysec).
 *
 * @param diskCapacityBytes size of a new data file; 0 means 4 GiB for a new file and the existing
 *     file's own size otherwise (a different explicit size for an existing file is an error)
 * @param maxOutputBytes a client whose unsent replies exceed this is disconnected (Redis's
 *     client-output-buffer-limit); above the 512 MiB value limit so any one value can be sent
 * @param ioThreads event-loop threads; commands run under one lock whatever the count
 */
public record ServerConfig(String bind, int port, Path dir, long maxMemoryBytes, long diskCapacityBytes,
                           String requirePass, int maxClients, long idleTimeoutSeconds, long maxOutputBytes,
                           Appendfsync appendfsync, int ioThreads) {

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535: " + port);
        if (maxMemoryBytes < 0) throw new IllegalArgumentException("maxmemory must not be negative");
        if (diskCapacityBytes != 0 && diskCapacityBytes < 64L << 20) {
            throw new IllegalArgumentException("disk-capacity must be at least 64mb");
        }
        if (maxClients < 1) throw new IllegalArgumentException("maxclients must be at least 1");
        if (idleTimeoutSeconds < 0) throw new IllegalArgumentException("timeout must not be negative");
        if (ioThreads < 1) throw new IllegalArgumentException("io-threads must be at least 1");
        if (requirePass != null && requirePass.isEmpty()) requirePass = null;
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 6379, Path.of("larder-data"), 256L << 20, 0, null, 10_000, 0,
                1L << 30, Appendfsync.EVERYSEC, 1);
    }

    public ServerConfig withBind(String bind) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withDir(Path dir) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withMaxMemory(long bytes) {
        return new ServerConfig(bind, port, dir, bytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withDiskCapacity(long bytes) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, bytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withRequirePass(String password) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, password, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withMaxClients(int clients) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, clients, idleTimeoutSeconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withIdleTimeoutSeconds(long seconds) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, seconds, maxOutputBytes, appendfsync, ioThreads);
    }

    public ServerConfig withMaxOutputBytes(long bytes) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, bytes, appendfsync, ioThreads);
    }

    public ServerConfig withAppendfsync(Appendfsync mode) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, mode, ioThreads);
    }

    public ServerConfig withIoThreads(int threads) {
        return new ServerConfig(bind, port, dir, maxMemoryBytes, diskCapacityBytes, requirePass, maxClients, idleTimeoutSeconds, maxOutputBytes, appendfsync, threads);
    }
}
