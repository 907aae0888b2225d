package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that are not UTF-8 (Latin-1 leftovers, stray bytes) round-trip byte-exactly. The trees
 * are made and compared by the shell and find(1), so no name passes through Java's String
 * decoding on the way in or on the way to the assertion.
 */
class NonUtf8NamesTest {
    @TempDir
    Path tmp;

    Path src;
    ContentStore store;

    @BeforeEach
    void setUp() throws Exception {
        src = tmp.resolve("src");
        Files.createDirectories(src);
        Shell.run(src, """
                mkdir "$(printf 'dir\\377')"
                printf 'latin-1 name' > "$(printf 'caf\\351')"
                printf 'inside' > "$(printf 'dir\\377/x\\200y')"
                printf 'valid' > "$(printf 'caf\\303\\251')"
                printf 'replacement char' > "$(printf '\\357\\277\\275')"
                ln -s "$(printf 'caf\\351')" "$(printf 'link\\376')"
                ln "$(printf 'caf\\351')" "$(printf 'hard\\375')"
                """);
        store = ContentStore.open(tmp.resolve("store"));
    }

    @Test
    void snapshotAndRestoreKeepEveryByte() throws Exception {
        SnapshotResult snap = store.snapshot(src, "raw", false, null);
        assertThat(snap.skipped()).isEmpty();
        assertThat(snap.files()).isEqualTo(5);
        Path out = tmp.resolve("out");

        RestoreResult r = store.restore(snap.catalogId().hex(), out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.refused()).isEmpty();
        assertThat(listing(out)).isEqualTo(listing(src));
        assertThat(store.diff(snap.catalogId().hex(), out).changed()).isEmpty();
        assertThat(store.restore(snap.catalogId().hex(), out, false, null).filesWritten()).as("no-op re-run").isZero();
    }

    @Test
    void incrementalRestoreReplacesAndRemovesRawNames() throws Exception {
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        Shell.run(out, """
                printf 'changed!' > "$(printf 'dir\\377/x\\200y')"
                printf 'extra' > "$(printf 'extra\\377')"
                rm "$(printf 'link\\376')"
                """);

        DiffResult d = store.diff(id.hex(), out);
        assertThat(d.extra()).containsExactly("extra\\xff");
        assertThat(d.missing()).containsExactly("link\\xfe");
        assertThat(d.changed()).containsExactly("dir\\xff/x\\x80y");

        RestoreResult r = store.restore(id.hex(), out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.removed()).isEqualTo(1);
        assertThat(listing(out)).isEqualTo(listing(src));
    }

    /** Every entry's raw path, type, size, mode, link target and content hash, as find and sha256sum print them. */
    private static String listing(Path root) throws Exception {
        return Shell.run(root, "find . -mindepth 1 -printf '%P|%y|%s|%m|%l|%n\\n' | LC_ALL=C sort; "
                + "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum");
    }
}
