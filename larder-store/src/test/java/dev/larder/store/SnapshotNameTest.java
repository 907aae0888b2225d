package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A name that cannot be kept is refused before any file is read or stored. */
class SnapshotNameTest {
    @TempDir
    Path tmp;

    @Test
    void anInvalidNameIsRefusedBeforeAnythingIsStored() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a"), "a".repeat(1000));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        for (String bad : new String[] {"bad name", ".hidden", "a/b", ""}) {
            assertThatThrownBy(() -> store.snapshot(src, bad, false, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be letters, digits");
        }
        assertThatThrownBy(() -> store.snapshot(src, "0123456789abcdef".repeat(4), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("looks like a catalog id");
        try (Stream<Path> blobs = Files.list(store.root().resolve("blobs"))) {
            assertThat(blobs.toList()).as("no segment written").isEmpty();
        }
        assertThat(store.list()).isEmpty();
    }
}
