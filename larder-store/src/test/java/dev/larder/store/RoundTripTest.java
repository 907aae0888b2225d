package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomTreeRoundTrips(long seed) throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(seed), 150, seed == 1);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        SnapshotResult snap = store.snapshot(src, "t", false, null);
        assertThat(snap.skipped()).isEmpty();
        assertThat(snap.complete()).isTrue();
        assertThat(snap.changedWhileReading()).isEmpty();

        RestoreResult r = store.restore(snap.catalogId().hex(), tmp.resolve("out"), true, null);
        assertThat(r.errors()).isEmpty();
        assertThat(r.refused()).isEmpty();
        assertThat(TreeFixture.describe(tmp.resolve("out"))).isEqualTo(TreeFixture.describe(src));
        assertThat(store.verify(null).corrupt()).isEmpty();
        assertThat(store.diff(snap.catalogId().hex(), tmp.resolve("out")).same()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void incrementalRestoreAfterRandomEditsEqualsFreshRestore(long seed) throws IOException {
        Random rnd = new Random(seed);
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, rnd, 120, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        editRandomly(out, rnd);

        RestoreResult again = store.restore(id.hex(), out, false, null);
        assertThat(again.errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));

        RestoreResult noop = store.restore(id.hex(), out, false, null);
        assertThat(noop.filesWritten()).isZero();
        assertThat(noop.removed()).isZero();
    }

    @Test
    void secondSnapshotOfSameNameReusesUnchangedFilesAndSeesEdits() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(7), 80, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        SnapshotResult first = store.snapshot(src, "env", false, null);
        Path edited = src.resolve("edited.txt");
        Files.writeString(edited, "new content");
        SnapshotResult second = store.snapshot(src, "env", false, null);
        assertThat(second.reusedFiles()).isEqualTo(first.files());
        assertThat(second.newBytes()).isEqualTo("new content".length());
        assertThat(store.restore("env", tmp.resolve("out"), false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(tmp.resolve("out"))).isEqualTo(TreeFixture.describe(src));
        assertThat(store.snapshot(src, "env", true, null).reusedFiles()).isZero();
    }

    @Test
    void hardlinksAreRestoredAsHardlinksButEmptyFilesAreNotLinked() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("d"));
        Files.writeString(src.resolve("a"), "shared inode");
        Files.createLink(src.resolve("d/b"), src.resolve("a"));
        Files.writeString(src.resolve("c"), "shared inode"); // same content, own inode
        Files.write(src.resolve("e1"), new byte[0]);
        Files.createLink(src.resolve("e2"), src.resolve("e1"));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);

        assertThat(Files.isSameFile(out.resolve("a"), out.resolve("d/b"))).isTrue();
        assertThat(Files.isSameFile(out.resolve("a"), out.resolve("c"))).isFalse();
        assertThat(Files.isSameFile(out.resolve("e1"), out.resolve("e2"))).isFalse();
        RestoreResult noop = store.restore(id.hex(), out, false, null);
        assertThat(noop.filesWritten()).isZero();
        Files.delete(out.resolve("d/b"));
        Files.writeString(out.resolve("d/b"), "shared inode");
        DiffResult d = store.diff(id.hex(), out);
        assertThat(store.restore(id.hex(), out, false, null).filesWritten()).isEqualTo(1);
        assertThat(Files.isSameFile(out.resolve("a"), out.resolve("d/b"))).isTrue();
        assertThat(d.missing()).isEmpty();
    }

    @Test
    void diffListsWhatRestoreWouldChange() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(41), 40, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        Files.writeString(out.resolve("extra"), "x");
        Files.delete(out.resolve("empty-a"));
        Files.writeString(out.resolve("empty-b"), "now longer");
        Files.createSymbolicLink(src.resolve("link"), Path.of("extra"));
        ContentId withLink = store.snapshot(src, null, false, null).catalogId();
        store.restore(withLink.hex(), out.resolveSibling("linked"), false, null);
        Files.getFileAttributeView(out.resolveSibling("linked/link"), java.nio.file.attribute.BasicFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setTimes(java.nio.file.attribute.FileTime.fromMillis(1_000), null, null);
        DiffResult d = store.diff(id.hex(), out);
        assertThat(d.extra()).containsExactly("extra");
        assertThat(d.missing()).containsExactly("empty-a");
        assertThat(d.changed()).containsExactly("empty-b");
        assertThat(store.diff(withLink.hex(), out.resolveSibling("linked")).changed()).as("a symlink's own mtime counts").containsExactly("link");
        assertThat(store.restore(withLink.hex(), out.resolveSibling("linked"), false, null).unchanged()).isPositive();
        assertThat(store.diff(withLink.hex(), out.resolveSibling("linked")).changed()).isEmpty();
    }

    @Test
    void identicalContentIsStoredOnce() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        for (int i = 0; i < 10; i++) Files.write(src.resolve("copy" + i), data);
        SnapshotResult snap = ContentStore.open(tmp.resolve("store")).snapshot(src, null, false, null);
        assertThat(snap.bytes()).isEqualTo(10L * data.length);
        assertThat(snap.newBytes()).isEqualTo(data.length);
    }

    @Test
    void filesAtTheInMemoryLimitAndBeyondTwoGibibytesRoundTrip() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] whole = new byte[8 << 20]; // the largest record read whole, then the smallest one streamed
        new Random(5).nextBytes(whole);
        Files.write(src.resolve("at-limit"), whole);
        Files.write(src.resolve("over-limit"), java.util.Arrays.copyOf(whole, whole.length + 1));
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(src.resolve("huge").toFile(), "rw")) {
            huge.setLength((2L << 30) + 1); // sparse zeros: cheap to read and to compress, beyond an int's reach
        }
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");

        RestoreResult r = store.restore(id.hex(), out, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(r.filesWritten()).isEqualTo(3);
        assertThat(Files.size(out.resolve("huge"))).isEqualTo((2L << 30) + 1);
        assertThat(store.diff(id.hex(), out).changed()).isEmpty(); // sizes and mtimes; the hash was checked while writing
        assertThat(Files.readAllBytes(out.resolve("at-limit"))).isEqualTo(whole);
        assertThat(Files.mismatch(out.resolve("over-limit"), src.resolve("over-limit"))).isEqualTo(-1);
        Files.delete(out.resolve("huge"));
    }

    @Test
    void aRestoreThatChangesNoFileStillPutsBackDirectoriesModesAndTimes() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(41), 80, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        TreeFixture.makeDeletable(out);
        List<Path> dirs;
        try (var walk = Files.walk(out)) {
            dirs = walk.filter(d -> !d.equals(out) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        assertThat(dirs).as("premise: the tree has directories").hasSizeGreaterThan(2);
        Files.setLastModifiedTime(dirs.get(0), FileTime.from(5, TimeUnit.SECONDS)); // only directories differ
        Files.setAttribute(dirs.get(1), "unix:mode", 0711);

        RestoreResult again = store.restore(id.hex(), out, false, null);
        assertThat(again.filesWritten()).isZero();
        assertThat(again.removed()).isZero();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }

    @Test
    void restoreProgressCountsEveryFileAndByteOnceAndNeverGoesBack() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(1), 60, true); // with a 5 MiB file, counted as it is written
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        List<dev.larder.store.Progress> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();
        RestoreResult r = store.restore(id.hex(), tmp.resolve("out"), false, ticks::add);
        assertThat(r.errors()).isEmpty();
        dev.larder.store.Progress last = ticks.getLast();
        assertThat(last.finished()).isTrue();
        assertThat(last.files()).isEqualTo(last.totalFiles()).isPositive();
        assertThat(last.bytes()).isEqualTo(last.totalBytes()).isGreaterThan(5L << 20);
        for (int i = 1; i < ticks.size(); i++) assertThat(ticks.get(i).bytes()).isGreaterThanOrEqualTo(ticks.get(i - 1).bytes());
    }

    @Test
    void theTargetItselfGetsTheTreeRootsModeAndMtimeEvenReadOnly() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(43), 30, false);
        Files.setAttribute(src, "unix:mode", 0555);
        Files.setLastModifiedTime(src, FileTime.from(1_600_000_000_987_654_321L, TimeUnit.NANOSECONDS));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        assertThat(TreeFixture.rootLine(out)).isEqualTo(TreeFixture.rootLine(src));

        Files.writeString(out.resolve("extra"), "made in the read-only root"); // root ignores the mode; the restore must not rely on it
        Files.setLastModifiedTime(out, FileTime.from(7, TimeUnit.SECONDS));
        RestoreResult again = store.restore(id.hex(), out, false, null);
        assertThat(again.removed()).isEqualTo(1);
        assertThat(TreeFixture.rootLine(out)).isEqualTo(TreeFixture.rootLine(src));
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));

        Path link = Files.createSymbolicLink(tmp.resolve("src-link"), src);
        assertThat(store.snapshot(link, null, false, null).catalogId()).as("a root given as a symlink: the directory's own mode and mtime")
                .isEqualTo(id);
        Files.setAttribute(src, "unix:mode", 0755);
    }

    /**
     * Directories are finished on every core, but one without its owner's search bit only after
     * the directories below it. (As root, which these tests run as, the kernel would let a thread
     * through anyway: this checks the modes and mtimes such directories end with.)
     */
    @Test
    void directoriesWithoutTheOwnersSearchBitGetTheirModesAndMtimes() throws IOException {
        Path src = tmp.resolve("src");
        Path inner = Files.createDirectories(src.resolve("shut/inner"));
        Files.writeString(inner.resolve("f"), "below a 0000 directory");
        Files.writeString(Files.createDirectories(src.resolve("no-search")).resolve("g"), "in a 0600 directory");
        for (Path d : List.of(inner, src.resolve("shut"), src.resolve("no-search"))) {
            Files.setLastModifiedTime(d, FileTime.from(1_500_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        }
        Files.setAttribute(src.resolve("no-search"), "unix:mode", 0600);
        Files.setAttribute(src.resolve("shut"), "unix:mode", 0);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");

        assertThat(store.restore(id.hex(), out, false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
        Files.writeString(out.resolve("shut/inner/f"), "changed"); // the next restore opens them, writes, and shuts them again
        RestoreResult again = store.restore(id.hex(), out, false, null);
        assertThat(again.errors()).isEmpty();
        assertThat(again.filesWritten()).isEqualTo(1);
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }

    @Test
    void aVersion1CatalogLeavesTheTargetsOwnModeAlone() throws IOException {
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("f"), "in a catalog written before the root had fields");
        List<CatalogEntry> entries = store.entries(store.snapshot(src, null, false, null).catalogId().hex());
        ContentId old = new dev.larder.store.internal.CatalogFiles(store.root()).write(entries, null); // version 1 bytes
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.setAttribute(out, "unix:mode", 0555);
        FileTime mtime = FileTime.from(7, TimeUnit.SECONDS);
        Files.setLastModifiedTime(out, mtime);
        String before = TreeFixture.rootLine(out);

        assertThat(store.restore(old.hex(), out, false, null).errors()).isEmpty();
        assertThat(Files.readString(out.resolve("f"))).startsWith("in a catalog");
        assertThat(Files.getAttribute(out, "unix:mode")).isEqualTo(040555);
        Files.setLastModifiedTime(out, mtime); // the new file moved it, as any write into a directory does
        assertThat(TreeFixture.rootLine(out)).isEqualTo(before);
    }

    @Test
    void interruptedRestoreIsFinishedByReRunning() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(31), 60, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path out = tmp.resolve("out");
        store.restore(id.hex(), out, false, null);
        // What a kill -9 mid-restore leaves: a temp file, a truncated file, a missing file.
        TreeFixture.makeDeletable(out);
        Files.writeString(out.resolve(".larder-0123456789abcdef.tmp"), "half");
        Path someFile = Files.walk(out).filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(f))
                .filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        Files.write(someFile, new byte[] {1});
        Files.delete(out.resolve("empty-a"));

        assertThat(store.restore(id.hex(), out, false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }

    private static void editRandomly(Path root, Random rnd) throws IOException {
        List<String> names = List.copyOf(TreeFixture.describe(root).keySet());
        TreeFixture.makeDeletable(root);
        for (int i = 0; i < 25; i++) {
            Path p = root.resolve(names.get(rnd.nextInt(names.size())));
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            boolean file = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            boolean link = Files.isSymbolicLink(p);
            boolean dir = !file && !link && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            switch (rnd.nextInt(7)) {
                case 0 -> { if (file) Files.writeString(p, "edited " + i); }
                case 1 -> { if (file) Files.setAttribute(p, "unix:mode", 0640); }
                case 2 -> { if (file) Files.setLastModifiedTime(p, FileTime.from(5, TimeUnit.SECONDS)); }
                case 3 -> { if (file || link) { Files.delete(p); Files.createDirectory(p); Files.writeString(p.resolve("x"), "x"); } }
                case 4 -> { if (dir) { deleteTree(p); Files.writeString(p, "was a directory"); } }
                case 5 -> { if (link) { Files.delete(p); Files.createSymbolicLink(p, Path.of("retargeted-" + i)); } }
                default -> Files.writeString(p.resolveSibling("extra-" + i), "extra");
            }
        }
        Map<String, String> unused = TreeFixture.describe(root);
        assertThat(unused).isNotEmpty();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
