package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rm of a name removes that name only; a catalog goes with the last name that refers to it. */
class RemoveTest {
    @TempDir
    Path tmp;

    @Test
    void removingOneOfTwoNamesOnOneCatalogKeepsTheOther() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a"), "a");
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, "prod", false, null).catalogId();
        assertThat(store.snapshot(src, "staging", false, null).catalogId()).as("one tree, one catalog").isEqualTo(id);

        RemoveResult staging = store.remove("staging");
        assertThat(staging.namesRemoved()).containsExactly("staging");
        assertThat(staging.catalogRemoved()).isFalse();
        assertThat(staging.namesLeft()).containsExactly("prod");
        assertThat(store.entries("prod")).isNotEmpty();
        assertThat(store.list()).singleElement().satisfies(c -> assertThat(c.names()).containsExactly("prod"));

        RemoveResult prod = store.remove("prod");
        assertThat(prod.catalogRemoved()).as("the last name takes its catalog").isTrue();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aCatalogGivenByIdIsRefusedWhileNamesReferToIt() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, "prod", false, null).catalogId();
        assertThatThrownBy(() -> store.remove(id.hex())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("still named prod");
        assertThat(store.entries("prod")).isEmpty(); // an empty tree, still there

        Files.writeString(src.resolve("b"), "b");
        ContentId unnamed = store.snapshot(src, null, false, null).catalogId();
        RemoveResult r = store.remove(unnamed.hex().substring(0, 8));
        assertThat(r.catalogRemoved()).isTrue();
        assertThat(r.namesRemoved()).isEmpty();
        assertThat(store.list()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(id));
    }
}
