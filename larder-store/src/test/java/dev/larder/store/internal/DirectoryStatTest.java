package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** statx relative to the directory reads exactly what Java's lstat of the whole path reads. */
class DirectoryStatTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatJavasLstatReadsForEveryKindOfEntry() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "12345");
        Files.setAttribute(file, "unix:mode", 04751); // setuid too
        FileTimes.setMtime(file, -1_500_000_001L); // before the epoch, with nanoseconds
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Path.of("dir")); // read as a link, not followed
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), Path.of("nowhere"));
        Path raw = RawNames.resolve(tmp, RawNames.decode(new byte[] {'r', (byte) 0xff, 'x'}));
        Files.writeString(raw, "not UTF-8");
        Path longName = Files.writeString(tmp.resolve("n".repeat(255)), "");
        try (DirectoryStat stats = DirectoryStat.open(tmp)) {
            assertThat(stats.relative()).as("the test JVM has native access: statx is used").isTrue();
            for (Path p : List.of(file, dir, link, dangling, raw, longName)) {
                assertThat(stats.lstat(p)).as("%s", p).isEqualTo(EntryStat.lstat(p));
            }
        }
    }

    @Test
    void aVanishedEntryIsJavasExceptionAndAMissingDirectoryFallsBackToJava() throws IOException {
        try (DirectoryStat stats = DirectoryStat.open(tmp)) {
            assertThatThrownBy(() -> stats.lstat(tmp.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
        }
        Path file = Files.writeString(tmp.resolve("here"), "x");
        try (DirectoryStat stats = DirectoryStat.open(tmp.resolve("missing"))) {
            assertThat(stats.relative()).isFalse();
            assertThat(stats.lstat(file)).isEqualTo(EntryStat.lstat(file));
        }
    }

    @Test
    void encodesDeviceNumbersAsGlibcsMakedev() {
        assertThat(DirectoryStat.stDev(8, 1)).isEqualTo(0x801L);
        assertThat(DirectoryStat.stDev(259, 3)).isEqualTo(259L << 8 | 3);
        assertThat(DirectoryStat.stDev(0x12345, 0x678)).isEqualTo(0x12L << 44 | 0x345L << 8 | 0x6L << 20 | 0x78L);
    }
}
