package dev.larder.server.testing;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import dev.larder.server.command.LiveConfig.Appendfsync;
import dev.larder.server.command.Sizes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The server as {@link ServerProcess} runs it in a child JVM: a few {@code --name value} options
 * (port, dir, maxmemory, disk-capacity, requirepass, appendfsync), then {@code READY <port>} on
 * stdout once clients can connect. Exits 1 with the reason on stderr if the server cannot start,
 * as {@code larder serve} does; SIGTERM closes (and so syncs) the server through a shutdown hook.
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = parse(args);
        LarderServer server;
        try {
            server = LarderServer.start(config);
        } catch (IOException e) {
            System.err.println("larder: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        System.out.println("READY " + server.port());
        System.out.flush();
        server.awaitTermination();
    }

    static ServerConfig parse(String[] args) {
        ServerConfig config = ServerConfig.defaults();
        if (args.length % 2 != 0) throw new IllegalArgumentException("options come in --name value pairs");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            config = switch (args[i]) {
                case "--port" -> config.withPort(Integer.parseInt(value));
                case "--dir" -> config.withDir(Path.of(value));
                case "--maxmemory" -> config.withMaxMemory(Sizes.parse(value));
                case "--disk-capacity" -> config.withDiskCapacity(Sizes.parse(value));
                case "--requirepass" -> config.withRequirePass(value);
                case "--appendfsync" -> config.withAppendfsync(Appendfsync.valueOf(value.toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            };
        }
        return config;
    }
}
