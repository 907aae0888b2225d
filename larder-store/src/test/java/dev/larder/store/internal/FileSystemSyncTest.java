package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSyncTest {
    @TempDir
    Path tmp;

    @Test
    void syncsTheFilesystemOfADirectoryAndNothingElse() throws IOException {
        Files.write(tmp.resolve("f"), new byte[1 << 20]);
        assertThat(FileSystemSync.syncfs(tmp)).as("a directory, with native access (surefire grants it)").isTrue();
        assertThat(FileSystemSync.syncfs(tmp.resolve("f"))).as("a file is not a directory").isFalse();
        assertThat(FileSystemSync.syncfs(tmp.resolve("missing"))).isFalse();
    }
}
