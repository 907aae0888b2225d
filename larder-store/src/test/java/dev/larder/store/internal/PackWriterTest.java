package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.ContentId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PackWriter's batched appends and PackScanner's windowed header scan: records of every size
 * class (many per scan window, larger than a window, larger than the append buffer, streamed)
 * must be found again at open and read back intact.
 */
class PackWriterTest {
    @TempDir
    Path tmp;

    @Test
    void recordsOfEverySizeSurviveReopen() throws Exception {
        Random rnd = new Random(42);
        Map<ContentId, byte[]> written = new LinkedHashMap<>();
        try (PackWriter writer = new PackWriter(tmp, BlobIndex.load(tmp))) {
            for (int i = 0; i < 400; i++) put(writer, written, content(rnd, sizeFor(i, rnd)));
            byte[] streamed = content(rnd, 3 << 20);
            assertThat(writer.putStream(new ByteArrayInputStream(streamed)).id()).isEqualTo(ContentId.hash(streamed, 0, streamed.length));
            written.put(ContentId.hash(streamed, 0, streamed.length), streamed);
            for (int i = 0; i < 50; i++) put(writer, written, content(rnd, 100 + i)); // appends after a stream
        }
        assertReadable(BlobIndex.load(tmp), written);
    }

    @Test
    void concurrentPutsStoreEachContentOnce() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 64; i++) contents.add(content(rnd, 1 + rnd.nextInt(30_000)));
        Map<ContentId, byte[]> expected = new LinkedHashMap<>();
        for (byte[] c : contents) expected.put(ContentId.hash(c, 0, c.length), c);
        try (PackWriter writer = new PackWriter(tmp, BlobIndex.load(tmp)); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (byte[] c : contents) futures.add(pool.submit(() -> writer.putIfAbsent(ContentId.hash(c, 0, c.length), c)));
            }
            for (Future<?> f : futures) f.get();
        }
        List<ContentId> scanned = new ArrayList<>();
        for (Path seg : BlobIndex.listSegments(tmp)) PackScanner.scan(seg, 1, (id, loc) -> scanned.add(id));
        assertThat(scanned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertReadable(BlobIndex.load(tmp), expected);
    }

    /** A writer killed after a deduplicated stream leaves its dead bytes after the last record; a clean close cuts them. */
    @Test
    void deadBytesOfADuplicateStreamEndTheScanAfterACrash() throws Exception {
        Random rnd = new Random(13);
        Map<ContentId, byte[]> written = new LinkedHashMap<>();
        byte[] big = new byte[3 << 20];
        rnd.nextBytes(big); // incompressible: its dead copy is ~3 MiB of bytes that are not records
        PackWriter writer = new PackWriter(tmp, BlobIndex.load(tmp));
        written.put(writer.putStream(new ByteArrayInputStream(big)).id(), big);
        assertThat(writer.putStream(new ByteArrayInputStream(big)).storedLength()).as("a duplicate is not kept").isZero();
        for (int i = 0; i < 30; i++) put(writer, written, content(rnd, 500 + i)); // overwrites only the dead copy's start
        writer.sync(); // what a crash right now leaves on disk: no close, so no truncation
        Path segment = BlobIndex.listSegments(tmp).getFirst();
        assertThat(Files.size(segment)).as("the dead copy's tail is in the file").isGreaterThan(6L << 20);
        List<ContentId> scanned = new ArrayList<>();
        PackScanner.scan(segment, 1, (id, loc) -> scanned.add(id));
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(written.keySet());
        assertReadable(BlobIndex.load(tmp), written);

        writer.close();
        assertThat(Files.size(segment)).as("a clean close drops the dead bytes").isLessThan(4L << 20);
        try (PackWriter next = new PackWriter(tmp, BlobIndex.load(tmp))) {
            for (int i = 0; i < 10; i++) put(next, written, content(rnd, 700 + i));
        }
        assertReadable(BlobIndex.load(tmp), written);
    }

    @Test
    void scanStopsAtATornTailInsideAWindow() throws Exception {
        Random rnd = new Random(9);
        Map<ContentId, byte[]> written = new LinkedHashMap<>();
        try (PackWriter writer = new PackWriter(tmp, BlobIndex.load(tmp))) {
            for (int i = 0; i < 20; i++) put(writer, written, content(rnd, 1000));
        }
        Path segment = BlobIndex.listSegments(tmp).getFirst();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10);
        }
        List<ContentId> found = new ArrayList<>();
        long end = PackScanner.scan(segment, 1, (id, loc) -> found.add(id));
        assertThat(found).hasSize(19).containsExactlyElementsOf(new ArrayList<>(written.keySet()).subList(0, 19));
        assertThat(end).isLessThan(size - 10);
    }

    private static int sizeFor(int i, Random rnd) {
        return switch (i % 40) {
            case 0 -> (300 << 10) + rnd.nextInt(1000); // larger than a scan window
            case 1 -> (1 << 20) + rnd.nextInt(1000);   // larger than the append buffer
            case 2 -> 0;
            default -> 1 + rnd.nextInt(20_000);
        };
    }

    private static void put(PackWriter writer, Map<ContentId, byte[]> written, byte[] data) throws IOException {
        ContentId id = ContentId.hash(data, 0, data.length);
        writer.putIfAbsent(id, data);
        written.put(id, data);
    }

    /** Half text-like (compresses), half random (stored raw). */
    private static byte[] content(Random rnd, int size) {
        byte[] b = new byte[size];
        if (rnd.nextBoolean()) rnd.nextBytes(b);
        else for (int i = 0; i < size; i++) b[i] = (byte) ('a' + rnd.nextInt(4));
        return b;
    }

    private static void assertReadable(BlobIndex index, Map<ContentId, byte[]> expected) throws IOException {
        assertThat(index.all().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        try (BlobReader reader = new BlobReader(index)) {
            for (Map.Entry<ContentId, byte[]> e : expected.entrySet()) {
                try (InputStream in = reader.open(e.getKey())) {
                    assertThat(in.readAllBytes()).as("content %s", e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }
}
