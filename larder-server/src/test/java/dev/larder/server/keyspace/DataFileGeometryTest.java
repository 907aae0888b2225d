package dev.larder.server.keyspace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.DiskCache;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The data file's geometry: new files get the smallest blocks that address their capacity (small
 * values waste little padding), and a file made with other blocks (512 bytes, before 128 became
 * the default) opens with its own geometry and every value in it.
 */
class DataFileGeometryTest {
    private static final long MEMORY = 16 << 20;

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} bytes → {1}-byte blocks")
    @CsvSource({
        "8388864, 128",
        "4294967296, 128",
        "549755813887, 128",   // just under 2^32 blocks of 128 bytes
        "549755813888, 256",
        "1099511627776, 512",
    })
    void blocksAreTheSmallestThatAddressTheCapacity(long capacity, int blockBytes) {
        assertThat(ValueStore.blockBytesFor(capacity)).isEqualTo(blockBytes);
    }

    @Test
    void aNewDataFileHas128ByteBlocksAnd4MiBRegions() throws IOException {
        Path file = dir.resolve("larder.data");
        try (Keyspace keyspace = Keyspace.open(dir, MEMORY, 64 << 20)) {
            keyspace.set(0, b("counter"), b("1"), 0);
        }
        try (DiskCache disk = DiskCache.builder(file).open()) {
            assertThat(disk.stats().blockSizeBytes()).isEqualTo(128);
            assertThat(disk.stats().regionSizeBytes()).isEqualTo(4 << 20);
        }
    }

    @Test
    void aDataFileWith512ByteBlocksOpensWithItsOwnGeometry() throws IOException {
        Path file = dir.resolve("larder.data");
        try (HybridCache<byte[], byte[]> old = Larder.newBuilder().diskPath(file).memoryBytes(MEMORY)
                .diskCapacityBytes(64 << 20).diskGeometry(512, 16 << 20).build()) {
            for (int i = 0; i < 100; i++) old.put(StoreKey.CODEC.encode(new StoreKey(0, b("key-" + i))), b("value-" + i));
        }
        try (Keyspace keyspace = Keyspace.open(dir, MEMORY, 0)) {
            assertThat(keyspace.size(0)).isEqualTo(100);
            for (int i = 0; i < 100; i++) assertThat(keyspace.get(0, b("key-" + i))).isEqualTo(b("value-" + i));
            keyspace.set(0, b("key-new"), b("written after the upgrade"), 0);
        }
        try (Keyspace keyspace = Keyspace.open(dir, MEMORY, 0)) {
            assertThat(keyspace.get(0, b("key-new"))).isEqualTo(b("written after the upgrade"));
        }
        try (DiskCache disk = DiskCache.builder(file).open()) {
            assertThat(disk.stats().blockSizeBytes()).isEqualTo(512);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
