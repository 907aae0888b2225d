package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees deeper than PATH_MAX (4096 bytes) snapshot and restore whole: entries more than 4,900
 * bytes below the root, with a symlink, a hardlink to a shallow file, an empty file and a
 * read-only directory down there. The shell makes and lists the trees, stepping down with one
 * short {@code cd} at a time, so the check does not go through the code under test.
 */
class LongPathsTest {
    private static final int DEPTH = 24; // 24 components of 205 bytes: 4,920 bytes below the root
    /** Steps into the deep directory, one short relative path per cd. */
    private static final String DOWN = "for i in $(seq -w 1 " + DEPTH + "); do cd \"d${i}_$(printf '%0200d' 0)\"; done\n";

    @TempDir
    Path tmp;

    Path src;
    ContentStore store;

    @BeforeEach
    void setUp() throws Exception {
        src = tmp.resolve("src");
        Files.createDirectories(src);
        Shell.run(src, "printf 'shallow' > top.txt\nfor i in $(seq -w 1 " + DEPTH + "); do d=\"d${i}_$(printf '%0200d' 0)\"; mkdir \"$d\"; "
                + "printf \"level $i\" > \"$d.txt\"; cd \"$d\"; done\n"
                + """
                printf 'deep content' > deep.txt
                : > empty
                ln -s deep.txt link
                ln "$(printf '../%.0s' $(seq 1 $DEPTH))top.txt" hard
                mkdir readonly && printf 'inside' > readonly/f && chmod 555 readonly
                """.replace("$DEPTH", Integer.toString(DEPTH)));
        store = ContentStore.open(tmp.resolve("store"));
    }

    /** JUnit's clean-up walks by whole paths, which these trees exceed; rm walks relative to each directory. */
    @AfterEach
    void removeDeepTrees() throws Exception {
        Shell.run(tmp, "chmod -R u+w . && rm -rf src out near nout");
    }

    @Test
    void snapshotAndRestoreReachBeyondPathMax() throws Exception {
        assertThat(deepestPathBytes(src)).isGreaterThan(4096);
        SnapshotResult snap = store.snapshot(src, "deep", false, null);
        assertThat(snap.skipped()).isEmpty();
        assertThat(snap.files()).isEqualTo(1 + DEPTH + 4);
        Path out = tmp.resolve("out");

        RestoreResult r = store.restore("deep", out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.refused()).isEmpty();
        assertThat(listing(out)).isEqualTo(listing(src));
        assertThat(store.diff("deep", out).changed()).isEmpty();
        assertThat(store.restore("deep", out, false, null).filesWritten()).as("no-op re-run").isZero();
    }

    /**
     * Restore writes files while it makes directories, a depth at a time. Here the only file lies
     * 24 directories down, below which the restore makes 4,000 shallow directories first; the
     * writer takes that file at once. It must not resolve the file's path (through a descriptor
     * of an ancestor, beyond PATH_MAX) before that ancestor is made.
     */
    @Test
    void aDeepFileWaitsForDirectoriesMadeLast() throws Exception {
        Path lone = tmp.resolve("near"); // removed after each test, as src is
        Files.createDirectories(lone);
        Shell.run(lone, "mkdir wide && (cd wide && seq 1 4000 | xargs mkdir)\n" + DOWN.replace("cd ", "mkdir \"d${i}_$(printf '%0200d' 0)\" && cd ")
                + "printf 'at the bottom' > deep.txt\n");
        assertThat(deepestPathBytes(lone)).isGreaterThan(4096);
        SnapshotResult snap = store.snapshot(lone, "lone", false, null);
        assertThat(snap.files()).isEqualTo(1);
        Path out = tmp.resolve("nout");

        RestoreResult r = store.restore("lone", out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.filesWritten()).isEqualTo(1);
        assertThat(listing(out)).isEqualTo(listing(lone));
    }

    @Test
    void incrementalRestoreReplacesAndRemovesDeepEntries() throws Exception {
        store.snapshot(src, "deep", false, null);
        Path out = tmp.resolve("out");
        store.restore("deep", out, false, null);
        Shell.run(out, DOWN + "printf 'changed!' > deep.txt\nprintf 'extra' > extra.txt\nrm link\n");

        DiffResult d = store.diff("deep", out);
        assertThat(d.changed()).singleElement().asString().endsWith("/deep.txt").hasSizeGreaterThan(4096);
        assertThat(d.extra()).singleElement().asString().endsWith("/extra.txt");
        assertThat(d.missing()).singleElement().asString().endsWith("/link");

        RestoreResult r = store.restore("deep", out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.removed()).isEqualTo(1);
        assertThat(r.filesWritten()).isEqualTo(1);
        assertThat(listing(out)).isEqualTo(listing(src));
    }

    @Test
    void linkedRestoreReachesDeepFiles() throws Exception {
        store.snapshot(src, "deep", false, null);
        Path out = tmp.resolve("out");

        RestoreResult r = store.restore("deep", out, false, true, null);

        assertThat(r.errors()).isEmpty();
        assertThat(Shell.run(out, DOWN + "cat deep.txt; stat -c ' %h' deep.txt")).isEqualTo("deep content 2\n");
        RestoreResult again = store.restore("deep", out, false, true, null);
        assertThat(again.errors()).isEmpty();
        assertThat(again.filesLinked()).as("a no-op re-run links nothing").isZero();
        assertThat(again.filesWritten()).isZero();
    }

    @Test
    void unchangedSnapshotReusesDeepFiles() throws Exception {
        store.snapshot(src, "deep", false, null);
        Shell.run(src, DOWN + "printf 'edited' > deep.txt\n");

        SnapshotResult again = store.snapshot(src, "deep", false, null);

        assertThat(again.skipped()).isEmpty();
        assertThat(again.reusedFiles()).isEqualTo(again.files() - 1);
        Path out = tmp.resolve("out");
        assertThat(store.restore("deep", out, false, null).errors()).isEmpty();
        assertThat(Shell.run(out, DOWN + "cat deep.txt")).isEqualTo("edited");
    }

    @Test
    void aRelativeRootReachesDeepFilesToo() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(src);

        SnapshotResult snap = store.snapshot(relative, null, false, null);

        assertThat(snap.skipped()).isEmpty();
        assertThat(snap.files()).isEqualTo(1 + DEPTH + 4);
    }

    /**
     * Entries whose paths are just within PATH_MAX, where a replacement goes through a temp name
     * longer than the entry's own: a file and a symlink changed in the target are put back.
     */
    @Test
    void entriesJustWithinPathMaxAreReplacedThroughTempNames() throws Exception {
        Path near = Files.createDirectories(tmp.resolve("near"));
        Path out = tmp.resolve("nout"); // as long as "near", so the same relative path is as long there
        int wanted = 4085 - out.toString().length(); // so out/<relative>/f is 4,088 bytes
        StringBuilder names = new StringBuilder();
        while (wanted - names.length() > 250) names.append("n".repeat(200)).append('/');
        String relative = names.append("n".repeat(wanted - names.length())).toString();
        Path dir = Files.createDirectories(near.resolve(relative));
        Files.writeString(dir.resolve("f"), "original");
        Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
        assertThat(out.resolve(relative).resolve("f").toString()).hasSize(4088);
        ContentId id = store.snapshot(near, null, false, null).catalogId();
        assertThat(store.restore(id.hex(), out, false, null).errors()).isEmpty();
        Path restored = out.resolve(relative);
        Files.writeString(restored.resolve("f"), "changed!");
        Files.delete(restored.resolve("l"));
        Files.createSymbolicLink(restored.resolve("l"), Path.of("elsewhere"));

        RestoreResult again = store.restore(id.hex(), out, false, null);

        assertThat(again.errors()).isEmpty();
        assertThat(Files.readString(restored.resolve("f"))).isEqualTo("original");
        assertThat(Files.readSymbolicLink(restored.resolve("l"))).isEqualTo(Path.of("f"));
    }

    private static int deepestPathBytes(Path root) throws Exception {
        String lengths = Shell.run(root, "find . -printf '%P\\n' | awk '{ print length($0) }' | sort -n | tail -1");
        return root.toString().length() + 1 + Integer.parseInt(lengths.strip());
    }

    /**
     * Every entry's path, type, size, mode, link count, link target and content hash. find walks
     * deep trees relative to each directory; sha256sum runs in the file's own directory.
     */
    private static String listing(Path root) throws Exception {
        return Shell.run(root, "find . -mindepth 1 -printf '%P|%y|%s|%m|%n|%l|' \\( -type f -execdir sh -c 'sha256sum < \"$1\"' _ {} \\; -o -printf '\\n' \\)"
                + " | LC_ALL=C sort");
    }
}
