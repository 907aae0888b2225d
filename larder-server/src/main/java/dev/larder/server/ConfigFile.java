package dev.larder.server;

import dev.larder.server.command.LiveConfig.Appendfsync;
import dev.larder.server.command.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A redis.conf-style file: one "directive value" per line, '#' comments, values optionally in
 * double quotes. Unknown directives are errors, not silently ignored: a typo must not run a
 * server without its password.
 */
public final class ConfigFile {
    private ConfigFile() {}

    public static ServerConfig apply(ServerConfig config, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 2);
            String directive = parts[0].toLowerCase(Locale.ROOT);
            String value = parts.length > 1 ? unquote(parts[1].strip()) : "";
            try {
                config = applyOne(config, directive, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    private static ServerConfig applyOne(ServerConfig config, String directive, String value) {
        return switch (directive) {
            case "port" -> config.withPort(Integer.parseInt(value));
            case "bind" -> config.withBind(oneAddress(value));
            case "dir" -> config.withDir(Path.of(value));
            case "maxmemory" -> config.withMaxMemory(Sizes.parse(value));
            case "disk-capacity" -> config.withDiskCapacity(Sizes.parse(value));
            case "requirepass" -> config.withRequirePass(value);
            case "maxclients" -> config.withMaxClients(Integer.parseInt(value));
            case "timeout" -> config.withIdleTimeoutSeconds(Long.parseLong(value));
            case "client-output-limit" -> config.withMaxOutputBytes(Sizes.parse(value));
            case "appendfsync" -> config.withAppendfsync(Appendfsync.parse(value));
            case "io-threads" -> config.withIoThreads(Integer.parseInt(value));
            default -> throw new IllegalArgumentException("unknown directive '" + directive + "'");
        };
    }

    /**
     * The server listens on one address. Redis's default file binds two ("127.0.0.1 -::1", the
     * dash meaning "if available"); rather than half-honour such a line, it is an error that says so.
     */
    private static String oneAddress(String value) {
        String[] addresses = value.split("\\s+");
        if (addresses.length != 1 || addresses[0].isEmpty()) {
            throw new IllegalArgumentException("bind takes one address here (Larder listens on one): " + value);
        }
        return addresses[0];
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
