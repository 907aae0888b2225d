package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corruption, truncation, torn tails and gc. */
class StoreIntegrityTest {
    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void corruptBlobIsCaughtByRestoreAndVerify() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("victim.txt"), "x".repeat(10_000));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path segment = onlySegment(store);
        flipByte(segment, Files.size(segment) - 3);

        RestoreResult r = store.restore(id.hex(), tmp.resolve("out"), false, null);
        assertThat(r.errors()).singleElement().asString().contains("victim.txt", "corrupt");
        assertThat(tmp.resolve("out/victim.txt")).doesNotExist();
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertThat(s.toList()).isEmpty(); // no temp file left behind
        }
        assertThat(store.verify(null).corrupt()).singleElement().asString().contains("corrupt");
    }

    @Test
    void verifyRepairQuarantinesDamageSoTheNextSnapshotStoresTheContentAgain() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("victim.txt"), "x".repeat(10_000));
        Files.writeString(src.resolve("bystander.txt"), "y".repeat(10_000));
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId first = store.snapshot(src, "t", false, null).catalogId();
        Path segment = onlySegment(store);
        flipByte(segment, Files.size(segment) - 3); // the last record's body: one of the two files

        assertThat(store.snapshot(src, "t", false, null).catalogId()).as("premise: without repair, dedup keeps the damage").isEqualTo(first);
        VerifyResult repaired = store.verify(null, true);
        assertThat(repaired.quarantined()).isEqualTo(1);
        assertThat(repaired.ok()).isFalse();
        assertThat(store.restore(first.hex(), tmp.resolve("out1"), false, null).errors()).singleElement().asString()
                .contains("missing from the store");

        SnapshotResult again = store.snapshot(src, "t", false, null);
        assertThat(again.newBytes()).as("the damaged content, stored again").isEqualTo(10_000);
        assertThat(store.verify(null).ok()).isTrue();
        assertThat(store.restore(first.hex(), tmp.resolve("out2"), false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(tmp.resolve("out2"))).isEqualTo(TreeFixture.describe(src));

        assertThat(store.gc().droppedBlobs()).as("the damaged record is not a blob any more").isZero();
        assertThat(store.root().resolve("blobs/quarantine")).doesNotExist();
        // a line for another content at a place a gc emptied and a new segment reused hides nothing
        int segmentNumber = Integer.parseInt(onlySegment(store).getFileName().toString().replaceAll("\\D", ""));
        Files.writeString(store.root().resolve("blobs/quarantine"), segmentNumber + " 0 " + "ab".repeat(32) + "\n");
        assertThat(store.verify(null).ok()).isTrue();
        assertThat(store.restore(first.hex(), tmp.resolve("out3"), false, null).errors()).isEmpty();
    }

    @Test
    void corruptRecordInsideAMergedReadFailsOnlyItsFile() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Random rnd = new Random(11);
        byte[] victim = null;
        for (int i = 0; i < 300; i++) {
            byte[] content = new byte[2000]; // random: stored raw, so it can be found in the segment
            rnd.nextBytes(content);
            Files.write(src.resolve("f" + i), content);
            if (i == 150) victim = content;
        }
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path segment = onlySegment(store);
        flipByte(segment, indexOf(Files.readAllBytes(segment), victim) + 1000);

        RestoreResult r = store.restore(id.hex(), tmp.resolve("out"), false, null);
        assertThat(r.storeReads()).as("300 neighbouring records, one merged read").isEqualTo(1);
        assertThat(r.errors()).singleElement().asString().contains("f150", "corrupt");
        assertThat(r.filesWritten()).isEqualTo(299);
        for (int i = 0; i < 300; i++) {
            if (i != 150) assertThat(tmp.resolve("out/f" + i)).hasSameBinaryContentAs(src.resolve("f" + i));
        }
        assertThat(store.verify(null).corrupt()).singleElement().asString().contains("checksum mismatch");
    }

    @Test
    void corruptLargeBlobIsCaughtByHashWhileWriting() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        byte[] big = new byte[9 << 20];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path segment = onlySegment(store);
        flipByte(segment, Files.size(segment) / 2);

        RestoreResult r = store.restore(id.hex(), tmp.resolve("out"), false, null);
        assertThat(r.errors()).singleElement().asString().contains("big.bin");
        assertThat(tmp.resolve("out/big.bin")).doesNotExist();
        assertThat(store.verify(null).ok()).isFalse();
    }

    @Test
    void truncatedCatalogIsRejected() throws IOException {
        Path src = randomSource(5);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        Path catalog = catalogFile(store, id);
        byte[] data = Files.readAllBytes(catalog);
        Files.write(catalog, java.util.Arrays.copyOf(data, data.length - 10));

        assertThatThrownBy(() -> store.restore(id.hex(), tmp.resolve("out"), false, null))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(store.verify(null).corrupt()).singleElement().asString().contains("truncated");
    }

    @Test
    void aTruncatedCatalogBlocksNeitherNamedSnapshotsNorLsAndGcSaysWhatToRemove() throws IOException {
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        Path src = randomSource(7);
        ContentId id = store.snapshot(src, "t", false, null).catalogId();
        try (FileChannel ch = FileChannel.open(catalogFile(store, id), StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        ContentId other = store.snapshot(Files.createDirectories(tmp.resolve("empty")), "other", false, null).catalogId();

        assertThat(store.list()).filteredOn(CatalogInfo::damaged).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.names()).containsExactly("t");
            assertThat(c.damage()).contains("corrupt");
        });
        assertThatThrownBy(store::gc).hasMessageContaining(id.hex()).hasMessageContaining("larder rm " + id.hex());

        SnapshotResult again = store.snapshot(src, "t", false, null);
        assertThat(again.reusedFiles()).as("nothing to reuse: every file read again").isZero();
        assertThat(again.warnings()).singleElement().asString().contains("t's previous snapshot", "every file was read again");
        assertThat(again.catalogId()).as("the same tree: the damaged catalog is written again").isEqualTo(id);
        assertThat(store.list()).noneMatch(CatalogInfo::damaged).extracting(CatalogInfo::id).containsExactlyInAnyOrder(id, other);
        assertThat(store.verify(null).corrupt()).isEmpty();
    }

    @Test
    void anUnchangedTreeKeepsItsCatalogFileAndADamagedOneIsWrittenAgain() throws IOException {
        Path src = randomSource(6);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, "t", false, null).catalogId();
        Path catalog = catalogFile(store, id);
        byte[] data = Files.readAllBytes(catalog);
        Path name = store.root().resolve("names").resolve("t");
        for (Path p : List.of(catalog, name)) Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_000));

        assertThat(store.snapshot(src, "t", false, null).catalogId()).isEqualTo(id);
        assertThat(Files.getLastModifiedTime(catalog).toMillis()).as("the same bytes were there: not rewritten").isEqualTo(1_000);
        assertThat(Files.getLastModifiedTime(name).toMillis()).as("the name already pointed there").isEqualTo(1_000);

        flipByte(catalog, data.length / 2); // same length, other bytes
        assertThat(store.snapshot(src, null, false, null).catalogId()).isEqualTo(id);
        assertThat(Files.readAllBytes(catalog)).isEqualTo(data);
        assertThat(store.verify(null).corrupt()).isEmpty();
    }

    @Test
    void tornTailRecordIsIgnored() throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(9), 40, false);
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        try (FileChannel ch = FileChannel.open(onlySegment(store), StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x4C, 0x42, 0x4C, 0x42, 1, 2, 3})); // a header cut short
        }
        assertThat(store.restore(id.hex(), tmp.resolve("out"), false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(tmp.resolve("out"))).isEqualTo(TreeFixture.describe(src));
        assertThat(store.verify(null).ok()).isTrue();
        store.snapshot(src, null, true, null); // a later writer starts a new segment, unharmed by the tail
        assertThat(store.verify(null).ok()).isTrue();
    }

    @Test
    void gcKeepsEveryReferencedContentAndDropsTheRest() throws IOException {
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TreeFixture.randomTree(a, new Random(21), 60, false);
        TreeFixture.randomTree(b, new Random(22), 60, false);
        Files.writeString(a.resolve("only-in-a"), "a".repeat(50_000) + new Random(1).nextLong());
        ContentId idA = store.snapshot(a, "a", false, null).catalogId();
        ContentId idB = store.snapshot(b, "b", false, null).catalogId();

        assertThat(store.gc().droppedBlobs()).isZero();
        store.remove("a");
        List<Progress> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();
        GcResult gc = store.gc(ticks::add);
        Progress last = ticks.getLast();
        assertThat(last.finished()).isTrue();
        assertThat(last.files()).as("every blob gone through").isEqualTo(gc.liveBlobs() + gc.droppedBlobs()).isEqualTo(last.totalFiles());
        assertThat(last.bytes()).isEqualTo(last.totalBytes()).isPositive().isLessThanOrEqualTo(gc.bytesBefore());

        assertThat(gc.droppedBlobs()).isPositive();
        assertThat(gc.bytesAfter()).isLessThan(gc.bytesBefore());
        assertThat(store.verify(null).corrupt()).isEmpty();
        assertThat(store.restore(idB.hex(), tmp.resolve("out"), false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(tmp.resolve("out"))).isEqualTo(TreeFixture.describe(b));
        assertThat(store.list()).extracting(CatalogInfo::id).containsExactly(idB);
        assertThatThrownBy(() -> store.restore(idA.hex(), tmp.resolve("gone"), false, null)).isInstanceOf(Exception.class);
    }

    private static Path onlySegment(ContentStore store) throws IOException {
        try (Stream<Path> s = Files.list(store.root().resolve("blobs"))) {
            List<Path> segs = s.toList();
            assertThat(segs).hasSize(1);
            return segs.getFirst();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        throw new AssertionError("content not found in the segment");
    }

    private Path randomSource(long seed) throws IOException {
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, new Random(seed), 30, false);
        return src;
    }

    private static Path catalogFile(ContentStore store, ContentId id) {
        return store.root().resolve("catalogs").resolve(id.hex());
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            ch.write(one, at);
        }
    }
}
