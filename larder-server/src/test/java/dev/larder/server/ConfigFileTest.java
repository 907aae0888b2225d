package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.server.command.LiveConfig.Appendfsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder serve --config FILE}: redis.conf's syntax for the settings that exist, and a clear error for anything else. */
class ConfigFileTest {
    @TempDir
    Path tmp;

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("larder.conf"), text);
    }

    @Test
    void readsEverySettingInRedisConfSyntax() throws IOException {
        ServerConfig config = ConfigFile.apply(ServerConfig.defaults(), file("""
                # a comment, then blank lines

                port 7777
                BIND 0.0.0.0
                dir "/var/lib/larder data"
                maxmemory 1gb
                disk-capacity 8GB
                requirepass "s3cret pass"
                maxclients 50
                timeout 300
                client-output-limit 64mb
                appendfsync ALWAYS
                io-threads 2
                """));
        assertThat(config).isEqualTo(ServerConfig.defaults().withPort(7777).withBind("0.0.0.0").withDir(Path.of("/var/lib/larder data"))
                .withMaxMemory(1L << 30).withDiskCapacity(8L << 30).withRequirePass("s3cret pass").withMaxClients(50)
                .withIdleTimeoutSeconds(300).withMaxOutputBytes(64L << 20).withAppendfsync(Appendfsync.ALWAYS).withIoThreads(2));
    }

    @Test
    void badLinesAreErrorsNamingTheFileAndLine() throws IOException {
        Path typo = file("port 7777\nrequirepas secret\n");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), typo))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(typo + ":2: unknown directive 'requirepas'");
        Path mode = file("appendfsync sometimes\n");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), mode))
                .hasMessage(mode + ":1: argument(s) must be one of the following: everysec, always, no");
        Path size = file("\nmaxmemory lots\n");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), size)).hasMessageStartingWith(size + ":2: ");
        Path port = file("port 70000\n");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), port)).hasMessage(port + ":1: port must be 0-65535: 70000");
        Path binds = file("bind 127.0.0.1 -::1\n");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), binds))
                .hasMessage(binds + ":1: bind takes one address here (Larder listens on one): 127.0.0.1 -::1");
        assertThatThrownBy(() -> ConfigFile.apply(ServerConfig.defaults(), tmp.resolve("missing.conf"))).isInstanceOf(IOException.class);
    }
}
