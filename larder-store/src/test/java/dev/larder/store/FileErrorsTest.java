package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure says what went wrong, not only where; readers need no write access to the store. */
class FileErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void fileSystemFailuresGetTheirReasonInWords() {
        assertThat(FileErrors.describe(new NotDirectoryException("afile"))).isEqualTo("afile: not a directory");
        assertThat(FileErrors.describe(new AccessDeniedException("ro/a"))).isEqualTo("ro/a: permission denied");
        assertThat(FileErrors.describe(new NoSuchFileException("gone"))).isEqualTo("gone: no such file or directory");
        assertThat(FileErrors.describe(new FileSystemException("store/lock", null, "Read-only file system")))
                .isEqualTo("store/lock: Read-only file system");
        assertThat(FileErrors.describe(new AccessDeniedException("a", "b", null))).isEqualTo("a -> b: permission denied");
        assertThat(FileErrors.describe(new UncheckedIOException(new AccessDeniedException("x")))).isEqualTo("x: permission denied");
        assertThat(FileErrors.describe(new IOException("catalog abc is corrupt"))).isEqualTo("catalog abc is corrupt");
    }

    @Test
    void restoreIntoARegularFileSaysItIsNotADirectory() throws IOException {
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        String id = store.snapshot(Files.createDirectories(tmp.resolve("src")), null, false, null).catalogId().hex();
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThatThrownBy(() -> store.restore(id, file, false, null))
                .satisfies(e -> assertThat(FileErrors.describe(e)).isEqualTo(file + ": not a directory"));
    }

    @Test
    void readersWorkOnAStoreTheyCannotWrite() throws Exception {
        ContentStore store = ContentStore.open(tmp.resolve("store"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a"), "a");
        String id = store.snapshot(src, "t", false, null).catalogId().hex();
        Path lock = store.root().resolve("lock");
        // Root ignores permission bits: an immutable lock file refuses writing even to root.
        assumeTrue(chattr("+i", lock), "needs chattr on a filesystem with the immutable flag");
        try {
            assertThat(store.list()).hasSize(1);
            assertThat(store.verify(null).ok()).isTrue();
            assertThat(store.diff(id, src).same()).isTrue();
            assertThat(store.restore(id, tmp.resolve("out"), false, null).ok()).isTrue();
            assertThatThrownBy(() -> store.snapshot(src, "t", false, null))
                    .satisfies(e -> assertThat(FileErrors.describe(e)).startsWith(lock + ": ").doesNotEndWith(lock.toString()));
        } finally {
            chattr("-i", lock);
        }
    }

    private static boolean chattr(String flag, Path file) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }
}
