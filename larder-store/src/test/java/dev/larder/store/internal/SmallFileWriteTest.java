package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native create writes what it is given with the mode and mtime asked for, and never writes through or over an entry. */
class SmallFileWriteTest {
    private static final long MTIME_NS = 1_700_000_000_123_456_789L;

    @TempDir
    Path tmp;

    @Test
    void writesTheBytesWithTheModeAndTheMtimeAtEverySize() throws IOException {
        assertThat(SmallFileWrite.available()).as("the test JVM has native access").isTrue();
        Random random = new Random(3);
        try (SmallFileWrite writer = new SmallFileWrite()) {
            for (int size : new int[] {0, 1, 4095, 65_537, 1 << 20, 3}) { // the buffer grows, then serves a small file again
                byte[] content = new byte[size];
                random.nextBytes(content);
                ByteBuffer buffer = writer.buffer(size).put(content).flip();
                Path file = tmp.resolve("f" + size);

                assertThat(writer.create(file, 0640, false, buffer, MTIME_NS + size)).as("%d bytes", size).isTrue();

                assertThat(Files.readAllBytes(file)).isEqualTo(content);
                assertThat(mode(file)).isEqualTo(0640 & ~CreationMode.UMASK);
                assertThat(mtimeNs(file)).isEqualTo(MTIME_NS + size);
            }
        }
    }

    @Test
    void aChmodGivesWhatTheUmaskTookAndTheSpecialBits() throws IOException {
        try (SmallFileWrite writer = new SmallFileWrite()) {
            Path file = tmp.resolve("tool");
            assertThat(writer.create(file, 02777, true, writer.buffer(2).put(new byte[] {1, 2}).flip(), MTIME_NS)).isTrue();
            assertThat(mode(file)).isEqualTo(02777);
            assertThat(mtimeNs(file)).isEqualTo(MTIME_NS);
        }
    }

    @Test
    void neverWritesThroughASymlinkNorOverAnEntryNorWithoutAParent() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), outside);
        Path existing = Files.writeString(tmp.resolve("existing"), "mine");
        try (SmallFileWrite writer = new SmallFileWrite()) {
            for (Path refused : new Path[] {link, existing, tmp.resolve("no-such-dir/file")}) {
                assertThat(writer.create(refused, 0644, false, writer.buffer(5).put("hello".getBytes()).flip(), MTIME_NS))
                        .as("%s", refused).isFalse();
            }
        }
        assertThat(Files.readString(outside)).isEqualTo("keep");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(existing)).isEqualTo("mine");
        assertThat(tmp.resolve("no-such-dir")).doesNotExist();
    }

    @Test
    void aContentTooLargeToHoldWholeGetsNoBuffer() {
        try (SmallFileWrite writer = new SmallFileWrite()) {
            assertThat(writer.buffer((int) BlobReader.IN_MEMORY_LIMIT_BYTES).capacity()).isEqualTo(BlobReader.IN_MEMORY_LIMIT_BYTES);
            assertThatThrownBy(() -> writer.buffer((int) BlobReader.IN_MEMORY_LIMIT_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static long mtimeNs(Path file) throws IOException {
        return ((FileTime) Files.getAttribute(file, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS)).to(TimeUnit.NANOSECONDS);
    }
}
