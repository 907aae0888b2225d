package dev.larder.cli;

import dev.larder.server.ConfigFile;
import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.command.LiveConfig.Appendfsync;
import dev.larder.server.command.Sizes;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code larder serve}: the Redis-compatible server, in the foreground until SIGTERM or SHUTDOWN. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs a Redis-compatible server whose data may be larger than memory: a memory tier "
                + "over a disk tier in --dir. Any Redis client, redis-cli and redis-benchmark can use it.",
                "Stops on SIGTERM/Ctrl-C or SHUTDOWN, syncing everything first. Command-line options override --config."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "redis.conf-style file (port, bind, dir, maxmemory, "
            + "disk-capacity, requirepass, maxclients, timeout, appendfsync, io-threads, client-output-limit).")
    Path configFile;

    @Option(names = "--port", description = "TCP port (default 6379; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--dir", paramLabel = "PATH", description = "Data directory (default ./larder-data).")
    Path dir;

    @Option(names = "--maxmemory", paramLabel = "BYTES", description = "Memory tier size, e.g. 256mb (default 256mb).")
    String maxMemory;

    @Option(names = "--disk-capacity", paramLabel = "BYTES", description = "Disk tier size for a new data file, "
            + "e.g. 8gb (default 4gb, preallocated; the largest value is a quarter of it); an existing file keeps its size. "
            + "When full, the oldest data is evicted.")
    String diskCapacity;

    @Option(names = "--requirepass", paramLabel = "PW", description = "Password clients must AUTH with.")
    String requirePass;

    @Option(names = "--appendfsync", paramLabel = "MODE", description = "always: synced before the reply; "
            + "everysec (default): in the OS before the reply (survives kill -9), synced every second; "
            + "no: written within milliseconds after the reply.")
    String appendfsync;

    @Option(names = "--maxclients", description = "Connections beyond this are refused (default 10000).")
    Integer maxClients;

    @Option(names = "--io-threads", description = "Event-loop threads (default 1).")
    Integer ioThreads;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfig.defaults();
        if (configFile != null) config = ConfigFile.apply(config, configFile);
        if (port != null) config = config.withPort(port);
        if (bind != null) config = config.withBind(bind);
        if (dir != null) config = config.withDir(dir);
        if (maxMemory != null) config = config.withMaxMemory(Sizes.parse(maxMemory));
        if (diskCapacity != null) config = config.withDiskCapacity(Sizes.parse(diskCapacity));
        if (requirePass != null) config = config.withRequirePass(requirePass);
        if (appendfsync != null) config = config.withAppendfsync(parseMode(appendfsync));
        if (maxClients != null) config = config.withMaxClients(maxClients);
        if (ioThreads != null) config = config.withIoThreads(ioThreads);
        disableLeakDetectionUnlessAsked();
        LarderServer server = LarderServer.start(config);
        Thread hook = Thread.ofPlatform().unstarted(server::close);
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Larder " + Version.text() + " serving " + config.dir().toAbsolutePath() + " over "
                + server.transportName() + " (memory tier " + config.maxMemoryBytes() / (1 << 20) + " MiB, appendfsync "
                + config.appendfsync().name().toLowerCase(java.util.Locale.ROOT) + ")");
        System.out.println("Ready to accept connections on " + config.bind() + ":" + server.port());
        System.out.flush();
        server.awaitTermination();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is closing the server already
        }
        return 0;
    }

    /**
     * Netty's leak detector takes a stack trace of one buffer in 128: pipelined GETs ran 7 % faster
     * without it. The tests keep it on; {@code -Dio.netty.leakDetection.level} keeps it on here.
     */
    static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private static Appendfsync parseMode(String mode) {
        try {
            return Appendfsync.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--appendfsync must be always, everysec or no: " + mode);
        }
    }
}
