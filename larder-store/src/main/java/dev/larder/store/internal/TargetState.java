package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** What is on disk under a restore target now, walked without following symlinks. */
final class TargetState {
    record Existing(EntryKind kind, int mode, long size, long mtimeNs) {}

    /** Relative name to attributes; sorted, so reverse order lists children before parents. */
    final TreeMap<String, Existing> entries = new TreeMap<>();

    static TargetState scan(Path root) throws IOException {
        TargetState state = new TargetState();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) state.add(root, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                state.add(root, file);
                return FileVisitResult.CONTINUE;
            }
        });
        return state;
    }

    private void add(Path root, Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int rawMode = (Integer) a.get("mode");
        entries.put(TreeScanner.relative(root, file), new Existing(TreeScanner.kindOf(rawMode), rawMode & 07777,
                (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)));
    }
}
