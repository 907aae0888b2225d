package dev.larder.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Random trees for tests, and a description of a tree that two equal trees share. */
final class TreeFixture {
    private TreeFixture() {}

    /** Builds a random tree of about {@code entries} entries under {@code root}. */
    static void randomTree(Path root, Random rnd, int entries, boolean withLargeFile) throws IOException {
        Files.createDirectories(root);
        List<Path> dirs = new ArrayList<>(List.of(root));
        List<Path> files = new ArrayList<>();
        int[] fileModes = {0644, 0755, 0600, 0444, 0700, 04755 & 0777};
        for (int i = 0; i < entries; i++) {
            Path parent = dirs.get(rnd.nextInt(dirs.size()));
            String name = "e" + i + (rnd.nextInt(5) == 0 ? " spaced ü" : "");
            int pick = rnd.nextInt(10);
            Path p = parent.resolve(name);
            if (pick < 2) {
                Files.createDirectory(p);
                dirs.add(p);
            } else if (pick < 8 || files.isEmpty()) {
                Files.write(p, content(rnd));
                Files.setAttribute(p, "unix:mode", fileModes[rnd.nextInt(fileModes.length)]);
                Files.setLastModifiedTime(p, FileTime.from(1_600_000_000_000_000_000L + rnd.nextInt(1_000_000_000) * 1000L + rnd.nextInt(1000), TimeUnit.NANOSECONDS));
                files.add(p);
            } else if (pick == 8) {
                String target = switch (rnd.nextInt(3)) {
                    case 0 -> "../" + files.get(rnd.nextInt(files.size())).getFileName();
                    case 1 -> "/nonexistent/absolute/target";
                    default -> "dangling-" + i;
                };
                Files.createSymbolicLink(p, Path.of(target));
            } else {
                Files.createLink(p, files.get(rnd.nextInt(files.size())));
            }
        }
        Files.write(root.resolve("empty-a"), new byte[0]);
        Files.write(root.resolve("empty-b"), new byte[0]);
        if (withLargeFile) {
            byte[] big = new byte[5 << 20];
            rnd.nextBytes(big);
            for (int i = 0; i < big.length; i += 4096) big[i] = 0; // compressible in parts
            Files.write(root.resolve("large.bin"), big);
        }
        // A read-only directory with a file in it: restore must still fill it.
        Path ro = root.resolve("readonly-dir");
        Files.createDirectory(ro);
        Files.writeString(ro.resolve("inside"), "inside a 0555 dir");
        Files.setAttribute(ro, "unix:mode", 0555);
    }

    static byte[] content(Random rnd) {
        int size = switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> rnd.nextInt(100);
            case 2 -> rnd.nextInt(20_000);
            default -> rnd.nextInt(200_000);
        };
        byte[] b = new byte[size];
        if (rnd.nextBoolean()) rnd.nextBytes(b);
        else for (int i = 0; i < size; i++) b[i] = (byte) ('a' + (i * 7 + size) % 13);
        return b;
    }

    /** Relative path to "kind mode size mtime content-or-target" for every entry. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) out.put(root.relativize(dir).toString(), line(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                out.put(root.relativize(file).toString(), line(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /** The tree root's own "dir mode mtime", which {@link #describe} leaves out. */
    static String rootLine(Path root) throws IOException {
        return line(root);
    }

    private static String line(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        if (Files.isSymbolicLink(p)) return "link %d -> %s".formatted(mtime, Files.readSymbolicLink(p));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return "dir %o %d".formatted(mode & 07777, mtime);
        byte[] data = Files.readAllBytes(p);
        return "file %o %d %d %s".formatted(mode & 07777, data.length, mtime, ContentId.hash(data, 0, data.length));
    }

    /** Restores write permission recursively so JUnit can delete the temp dir. */
    static void makeDeletable(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setAttribute(dir, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
