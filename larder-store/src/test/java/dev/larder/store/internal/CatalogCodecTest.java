package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Both catalog versions decode: 2 with the tree root's attributes, 1 (older stores) without. */
class CatalogCodecTest {
    private static final List<CatalogEntry> ENTRIES = List.of(
            new CatalogEntry("d".getBytes(StandardCharsets.UTF_8), EntryKind.DIRECTORY.code, 0755, 0, 11, 1, 2, null, null),
            new CatalogEntry("d/f".getBytes(StandardCharsets.UTF_8), EntryKind.FILE.code, 0644, 3, 12, 3, 2,
                    ContentId.hash(new byte[] {1, 2, 3}, 0, 3), null),
            new CatalogEntry("l".getBytes(StandardCharsets.UTF_8), EntryKind.SYMLINK.code, 0777, 0, 13, 4, 2, null,
                    "d/f".getBytes(StandardCharsets.UTF_8)));

    @Test
    void version2KeepsTheRootAndVersion1HasNone() throws IOException {
        CatalogCodec.Root root = new CatalogCodec.Root(0750, 1_600_000_000_123_456_789L);
        byte[] withRoot = CatalogCodec.encode(ENTRIES, root);
        assertThat(ByteBuffer.wrap(withRoot).getInt(4)).isEqualTo(2);
        CatalogCodec.Decoded decoded = CatalogCodec.decode(withRoot, "v2");
        assertThat(decoded.root()).isEqualTo(root);
        assertThat(decoded.entries()).usingRecursiveFieldByFieldElementComparator().isEqualTo(ENTRIES);

        byte[] withoutRoot = CatalogCodec.encode(ENTRIES, null);
        assertThat(ByteBuffer.wrap(withoutRoot).getInt(4)).isEqualTo(1);
        assertThat(withoutRoot).hasSize(withRoot.length - 12);
        CatalogCodec.Decoded old = CatalogCodec.decode(withoutRoot, "v1");
        assertThat(old.root()).isNull();
        assertThat(old.entries()).usingRecursiveFieldByFieldElementComparator().isEqualTo(ENTRIES);
    }

    @Test
    void anUnknownVersionIsRefusedByName() {
        byte[] data = CatalogCodec.encode(ENTRIES, new CatalogCodec.Root(0755, 1));
        ByteBuffer.wrap(data).putInt(4, 3);
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        ByteBuffer.wrap(data).putInt(data.length - 4, (int) crc.getValue());
        assertThatThrownBy(() -> CatalogCodec.decode(data, "future")).hasMessage("catalog future has unsupported version 3");
    }
}
