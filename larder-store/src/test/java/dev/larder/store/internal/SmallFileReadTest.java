package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native read gives the bytes and the attributes Java's stream and lstat give, and never blocks or follows a link. */
class SmallFileReadTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatJavaReadsAtEverySize() throws IOException {
        assertThat(SmallFileRead.nativeCalls()).as("the test JVM has native access").isTrue();
        Random random = new Random(7);
        try (SmallFileRead files = SmallFileRead.open()) {
            for (int size : new int[] {0, 1, 4095, 65_537, 1 << 20, 3}) { // the buffer grows, then serves a small file again
                byte[] content = new byte[size];
                random.nextBytes(content);
                Path file = Files.write(tmp.resolve("f" + size), content);
                FileTimes.setMtime(file, 1_700_000_000_123_456_789L);

                SmallFileRead.Read read = files.readNative(file, size);

                assertThat(read).as("%d bytes read natively", size).isNotNull();
                assertThat(read.data()).as("%d bytes", size).isEqualTo(content);
                assertThat(read.after()).isEqualTo(EntryStat.lstat(file));
            }
        }
    }

    @Test
    void aFileThatGrewOrShrankSinceTheWalkShowsInItsSizeAfter() throws IOException {
        Path grown = Files.writeString(tmp.resolve("grown"), "0123456789");
        SmallFileRead files = SmallFileRead.open();
        SmallFileRead.Read read = files.read(grown, 4); // the walk saw 4 bytes
        assertThat(read.data()).asString().isEqualTo("0123456789");
        assertThat(read.after().size()).isEqualTo(10);

        Path shrunk = Files.writeString(tmp.resolve("shrunk"), "abc");
        read = files.read(shrunk, 8);
        assertThat(read.data()).containsExactly('a', 'b', 'c');
        assertThat(read.after().size()).isEqualTo(3);
        files.close();
    }

    @Test
    void aFifoWhereTheFileWasReturnsAtOnceAsChanged() throws Exception {
        Path fifo = tmp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();

        SmallFileRead.Read read = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (SmallFileRead files = SmallFileRead.open()) {
                return files.read(fifo, 5);
            }
        });

        assertThat(read.data()).isEmpty();
        assertThat(TreeScanner.kindOf(read.after().mode())).isNull();
    }

    @Test
    void aSymlinkIsNotFollowedAndAMissingFileIsJavasException() throws IOException {
        Files.writeString(tmp.resolve("target"), "secret");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Path.of("target"));
        try (SmallFileRead files = SmallFileRead.open()) {
            assertThatThrownBy(() -> files.read(link, 6)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> files.read(tmp.resolve("gone"), 1)).isInstanceOf(NoSuchFileException.class);
        }
    }
}
