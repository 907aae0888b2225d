package dev.larder.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An existing data directory reopens with its own size unless a different one is asked for. */
class DataDirectoryTest {
    @TempDir Path dir;

    @Test
    void anExistingDataFileKeepsItsSizeWhenNoneIsGiven() throws IOException {
        try (LarderServer server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir).withDiskCapacity(128L << 20))) {
            server.keyspace().set(0, "k".getBytes(), "v".getBytes(), 0);
        }
        try (LarderServer server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir))) {
            assertThat(server.config().value("disk-capacity")).isEqualTo(Long.toString(server.keyspace().storeStats().disk().capacityBytes()));
            assertThat(server.keyspace().storeStats().disk().capacityBytes()).isLessThanOrEqualTo(128L << 20);
            assertThat(server.keyspace().get(0, "k".getBytes())).isEqualTo("v".getBytes());
        }
        assertThatThrownBy(() -> LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir).withDiskCapacity(256L << 20)))
                .isInstanceOf(IOException.class).hasMessageContaining("was created with capacityBytes");
    }
}
