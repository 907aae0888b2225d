package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that lies inside the tree being restored or snapshotted: never deleted, never stored. */
class StorePlacementTest {
    @TempDir
    Path tmp;

    private Path source() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("a"), "a");
        return src.getParent();
    }

    @Test
    void restoreRefusesATargetThatContainsTheStoreAndChangesNothing() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("w"));
        ContentStore store = ContentStore.open(work.resolve("store"));
        store.snapshot(source(), "t", false, null);
        Map<String, String> before = TreeFixture.describe(work);

        assertThatThrownBy(() -> store.restore("t", work, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains the store");
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), work);
        assertThatThrownBy(() -> store.restore("t", alias, false, null)).as("compared by real path")
                .hasMessageContaining("contains the store");
        assertThatThrownBy(() -> store.restore("t", work.resolve("store/blobs/new"), false, null))
                .hasMessageContaining("inside the store");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path intoStore = Files.createSymbolicLink(elsewhere.resolve("link"), work.resolve("store/catalogs"));
        assertThatThrownBy(() -> store.restore("t", intoStore.resolve(".."), false, null))
                .as("link/.. is the store itself, as the kernel takes it, not 'elsewhere'").hasMessageContaining("store");
        assertThat(TreeFixture.describe(work)).isEqualTo(before);
        assertThat(work.resolve("store/blobs/new")).doesNotExist();
        assertThat(store.verify(null).ok()).isTrue();
    }

    @Test
    void snapshotOfATreeHoldingTheStoreLeavesTheStoreOutAndSaysSo() throws IOException {
        Path src = source();
        ContentStore store = ContentStore.open(src.resolve("sub/store"));
        SnapshotResult r = store.snapshot(src, null, false, null);
        assertThat(r.files()).isEqualTo(1);
        assertThat(r.complete()).isTrue();
        assertThat(r.warnings()).singleElement().asString().contains("sub/store", "the store itself");
        assertThat(store.entries(r.catalogId().hex())).extracting(CatalogEntry::pathString).containsExactly("sub", "sub/a");
        assertThatThrownBy(() -> store.snapshot(src.resolve("sub/store/catalogs"), null, false, null))
                .hasMessageContaining("inside the store");
    }
}
