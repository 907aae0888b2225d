package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission bits come back exactly whatever the restoring process's umask: files are created
 * with their mode and chmodded when the umask took bits away, directories get theirs at the end,
 * the target itself last (a catalog keeps the tree root's mode and mtime).
 * The restore runs in a child JVM, since a JVM cannot change its own umask.
 */
class UmaskTest {
    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void modesAreRestoredExactlyUnderAnyUmask() throws Exception {
        Path src = tmp.resolve("src");
        Map<String, String> files = Map.of("shared/group-writable", "rw-rw-r--", "shared/script", "rwxrwxr-x",
                "private/secret", "rw-------", "private/open", "rw-rw-rw-", "plain", "rw-r--r--");
        Files.createDirectories(src.resolve("shared"));
        Files.createDirectories(src.resolve("private"));
        for (var f : files.entrySet()) {
            Path p = Files.writeString(src.resolve(f.getKey()), f.getKey());
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(f.getValue()));
        }
        Files.setPosixFilePermissions(src.resolve("shared"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(src.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-x--x")); // the tree's own root too
        Files.setLastModifiedTime(src, FileTime.from(1_600_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        Path root = tmp.resolve("store");
        String id = ContentStore.open(root).snapshot(src, null, false, null).catalogId().hex();

        for (String umask : List.of("077", "027", "000")) {
            Path out = tmp.resolve("out-" + umask);
            try (StoreChildProcess child = StoreChildProcess.startWithUmask(umask, "restore", root.toString(), id, out.toString())) {
                child.go();
                child.awaitDone();
            }
            assertThat(TreeFixture.describe(out)).as("umask %s", umask).isEqualTo(TreeFixture.describe(src));
            assertThat(TreeFixture.rootLine(out)).as("the target itself, umask %s", umask).isEqualTo(TreeFixture.rootLine(src));
        }
    }
}
