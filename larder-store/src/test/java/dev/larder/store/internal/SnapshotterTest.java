package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.CatalogEntry;
import dev.larder.store.SnapshotResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tree that changes between the walk and the reads: what changed is reported, what vanished is skipped, the rest stored. */
class SnapshotterTest {
    @TempDir
    Path tmp;

    @Test
    void entriesGoneOrChangedSinceTheWalkAreReportedAndTheRestIsStored() throws Exception {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/kept"), "kept");
        Files.writeString(root.resolve("d/gone"), "gone");
        Files.writeString(root.resolve("d/grows"), "short");
        Files.createSymbolicLink(root.resolve("link"), Path.of("d/kept"));
        Files.createSymbolicLink(root.resolve("gone-link"), Path.of("nowhere"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        TreeScanner scan = TreeScanner.scan(root, LongPaths.NONE, null);
        Files.delete(root.resolve("d/gone"));
        Files.delete(root.resolve("gone-link"));
        Files.writeString(root.resolve("d/grows"), " and longer", StandardOpenOption.APPEND);

        Path blobs = Files.createDirectories(tmp.resolve("blobs"));
        BlobIndex index = BlobIndex.load(blobs);
        Snapshotter.Built built;
        try (PackWriter writer = new PackWriter(blobs, index)) {
            built = new Snapshotter(writer, index).snapshot(scan, System.nanoTime(), null, false, null);
        }

        assertThat(built.entries()).extracting(CatalogEntry::pathString).containsExactly("d", "d/grows", "d/kept", "link");
        SnapshotResult r = built.partial();
        assertThat(r.skipped()).containsExactlyInAnyOrder(
                "d/gone: removed before it was read; not in the snapshot",
                "gone-link: removed before it was read; not in the snapshot");
        assertThat(r.changedWhileReading()).containsExactly("d/grows");
        assertThat(r.specialFiles()).containsExactly("fifo: special file (device, fifo or socket)");
        assertThat(r.complete()).isFalse();
        assertThat(new long[] {r.files(), r.directories(), r.symlinks()}).containsExactly(2, 1, 1);
        assertThat(r.bytes()).as("what the catalog has: kept and grows as read").isEqualTo("kept".length() + "short and longer".length());
    }

    /**
     * A file written again within its mtime tick, after it was read, keeps size and mtime: found by
     * reading recently changed files again once their window is over. The window is widened so
     * that the test can write inside it on purpose; a file left alone is not reported.
     */
    @Test
    void aFileRewrittenInItsTimestampTickAfterItWasReadIsReportedChanged() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("racy"));
        Path racy = Files.writeString(root.resolve("rewritten"), "before");
        Files.writeString(root.resolve("left-alone"), "same");
        FileTime mtime = Files.getLastModifiedTime(racy);
        TreeScanner scan = TreeScanner.scan(root, LongPaths.NONE, null);
        Path blobs = Files.createDirectories(tmp.resolve("blobs"));
        BlobIndex index = BlobIndex.load(blobs);
        long windowNs = TimeUnit.SECONDS.toNanos(4);
        try (PackWriter writer = new PackWriter(blobs, index)) {
            CompletableFuture<Snapshotter.Built> snapshot = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Snapshotter(writer, index, windowNs).snapshot(scan, System.nanoTime(), null, false, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(1500); // the files are read at once; their window lasts 4 s
            Files.writeString(racy, "after!");
            Files.setLastModifiedTime(racy, mtime); // as a write in the same tick leaves it
            Snapshotter.Built built = snapshot.get(60, TimeUnit.SECONDS);
            SnapshotResult r = built.partial();
            assertThat(r.changedWhileReading()).containsExactly("rewritten");
            assertThat(r.complete()).isFalse();
            byte[] now = Files.readAllBytes(racy);
            assertThat(built.entries()).filteredOn(e -> e.pathString().equals("rewritten")).singleElement()
                    .as("stored as its unchanged size and mtime now stand for, so the next snapshot may reuse it")
                    .extracting(CatalogEntry::contentId).isEqualTo(dev.larder.store.ContentId.hash(now, 0, now.length));
        }
    }
}
