package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore --link}: hardlinks to read-only copies, never to the packs, and self-healing copies. */
class LinkedRestoreTest {
    @TempDir Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void linkedTreesHaveTheCatalogsContentWithoutWriteBitsAndShareOneCopy() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(5), 150, false);
        Files.write(src.resolve("empty-a"), new byte[0]);
        Files.write(src.resolve("empty-b"), new byte[0]);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        String id = store.snapshot(src, null, false, null).catalogId().hex();

        RestoreResult first = store.restore(id, tmp.resolve("a"), false, true, null);
        RestoreResult second = store.restore(id, tmp.resolve("b"), false, true, null);
        assertThat(first.errors()).isEmpty();
        assertThat(first.filesLinked()).isPositive();
        assertThat(second.filesLinked()).isEqualTo(first.filesLinked());

        Map<String, String> expected = TreeFixture.describe(src);
        for (Path out : List.of(tmp.resolve("a"), tmp.resolve("b"))) {
            assertThat(withoutWriteBits(TreeFixture.describe(out))).isEqualTo(withoutWriteBits(expected));
        }
        for (Path file : regularFiles(tmp.resolve("a"))) {
            Path twin = tmp.resolve("b").resolve(tmp.resolve("a").relativize(file));
            boolean empty = Files.size(file) == 0;
            assertThat(sameInode(file, twin)).as("%s shared between trees (empty files never are)", file).isEqualTo(!empty);
            if (!empty) assertThat(mode(file) & 0222).as("write bits of %s", file).isZero();
        }
        assertThat(sameInode(tmp.resolve("a/empty-a"), tmp.resolve("a/empty-b"))).isFalse();
        try (Stream<Path> packs = Files.walk(tmp.resolve("store/blobs"))) {
            assertThat(packs.filter(Files::isRegularFile).allMatch(p -> linkCount(p) == 1)).as("packs are never linked").isTrue();
        }

        assertThat(store.diff(id, tmp.resolve("a"), true).same()).as("diff --link of a linked tree").isTrue();
        assertThat(store.diff(id, tmp.resolve("a")).changed()).as("a plain diff sees the write bits gone").isNotEmpty()
                .doesNotContain("empty-a", "empty-b");

        RestoreResult again = store.restore(id, tmp.resolve("a"), false, true, null);
        assertThat(again.filesLinked()).as("a no-op re-run links nothing").isZero();
        assertThat(again.filesWritten()).isZero();
        assertThat(store.verify(null).corrupt()).isEmpty();
    }

    @Test
    void aTreeOfManyRunsIsLinkedWholeOnEveryCoreAndOnAnotherFilesystemCopied() throws Exception {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(8), 3_000, false); // links go out in runs of 1,024 entries
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        String id = store.snapshot(src, null, false, null).catalogId().hex();
        Map<String, String> expected = withoutWriteBits(TreeFixture.describe(src));

        RestoreResult linked = store.restore(id, tmp.resolve("a"), false, true, null);

        assertThat(linked.errors()).isEmpty();
        assertThat(withoutWriteBits(TreeFixture.describe(tmp.resolve("a")))).isEqualTo(expected);
        RestoreResult again = store.restore(id, tmp.resolve("a"), false, true, null);
        assertThat(again.filesLinked() + again.filesWritten()).as("every entry already linked").isZero();
        assertThat(again.unchanged()).as("links, empty files and symlinks left alone").isGreaterThan(linked.filesLinked());

        Path other = Files.createDirectories(tmp.resolve("tmpfs"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", other.toString()).redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0, "needs to mount a tmpfs (root)");
        try {
            RestoreResult copied = store.restore(id, other.resolve("t"), false, true, null);
            assertThat(copied.errors()).isEmpty();
            assertThat(copied.filesLinked()).as("no link crosses filesystems").isZero();
            assertThat(copied.filesWritten()).as("each file copied instead").isGreaterThanOrEqualTo(linked.filesLinked());
            assertThat(TreeFixture.describe(other.resolve("t"))).isEqualTo(TreeFixture.describe(src));
        } finally {
            new ProcessBuilder("umount", other.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCopyChangedThroughALinkIsRebuiltAndReportedNeverServed() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("f"), "the original content");
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        String id = store.snapshot(src, null, false, null).catalogId().hex();
        store.restore(id, tmp.resolve("a"), false, true, null);

        // A consumer that writes after all (root ignores the missing write bits).
        Path linked = tmp.resolve("a/f");
        linked.toFile().setWritable(true);
        Files.writeString(linked, "scribbled", StandardOpenOption.TRUNCATE_EXISTING);

        RestoreResult b = store.restore(id, tmp.resolve("b"), false, true, null);
        assertThat(b.errors()).isEmpty();
        assertThat(Files.readString(tmp.resolve("b/f"))).isEqualTo("the original content");
        assertThat(sameInode(linked, tmp.resolve("b/f"))).as("b links a rebuilt copy").isFalse();

        Files.writeString(tmp.resolve("b/f"), "the origiNAL content", StandardOpenOption.WRITE); // same size, new mtime
        Files.setLastModifiedTime(tmp.resolve("b/f"), Files.getLastModifiedTime(src.resolve("f"))); // and hidden
        assertThat(store.verify(null).corrupt()).singleElement().asString().contains("materialized copy");
        RestoreResult c = store.restore(id, tmp.resolve("c"), false, true, null);
        assertThat(Files.readString(tmp.resolve("c/f"))).isEqualTo("the original content");
        assertThat(c.errors()).isEmpty();
    }

    @Test
    void gcDropsTheCopiesOfContentsItDrops() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("f"), "goes away", StandardCharsets.UTF_8);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        store.restore(id.hex(), tmp.resolve("a"), false, true, null);
        assertThat(copies()).hasSize(1);
        store.remove(id.hex());
        store.gc();
        assertThat(copies()).isEmpty();
        assertThat(Files.readString(tmp.resolve("a/f"))).as("a linked tree keeps its file").isEqualTo("goes away");
    }

    private List<Path> copies() throws IOException {
        Path root = tmp.resolve("store/materialized");
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** TreeFixture's "file MODE SIZE MTIME HASH" lines with the write bits cleared from MODE. */
    @Test
    void verifyLeavesACopyBeingWrittenAloneAndGcRemovesAStaleOne() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("f"), "content");
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        String id = store.snapshot(src, null, false, null).catalogId().hex();
        assertThat(store.restore(id, tmp.resolve("a"), false, true, null).errors()).isEmpty();
        Path shard;
        try (Stream<Path> shards = Files.list(tmp.resolve("store/materialized"))) {
            shard = shards.findFirst().orElseThrow();
        }
        Path inProgress = Files.writeString(shard.resolve(".larder-0123456789abcdef.tmp"), "cont"); // as a restore --link, or a kill -9, leaves it

        VerifyResult verify = store.verify(null);
        assertThat(verify.corrupt()).as("not a copy yet: not corrupt").isEmpty();
        assertThat(inProgress).as("a concurrent restore is still writing it").exists();
        store.gc();
        assertThat(inProgress).as("under gc's exclusive lock no restore runs: stale").doesNotExist();
        assertThat(store.restore(id, tmp.resolve("a"), false, true, null).filesLinked()).as("the copy itself was kept").isZero();
    }

    private static Map<String, String> withoutWriteBits(Map<String, String> description) {
        Map<String, String> out = new java.util.TreeMap<>();
        description.forEach((path, line) -> {
            String[] f = line.split(" ", 3);
            out.put(path, f[0].equals("file") ? "file " + Integer.toOctalString(Integer.parseInt(f[1], 8) & ~0222) + " " + f[2] : line);
        });
        return out;
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    private static boolean sameInode(Path a, Path b) throws IOException {
        return Files.getAttribute(a, "unix:ino", LinkOption.NOFOLLOW_LINKS).equals(Files.getAttribute(b, "unix:ino", LinkOption.NOFOLLOW_LINKS));
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static int linkCount(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
