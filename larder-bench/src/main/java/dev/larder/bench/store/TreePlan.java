package dev.larder.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Every entry of a generated tree, decided before a byte is written, so the same shape and seed
 * always give the same tree (paths, sizes, modes, content) and tests can check that without disk.
 *
 * <p>"deps" trees look like {@code node_modules}: packages with {@code lib/}, {@code dist/} and
 * {@code src/} dirs, every fifth package nested in another's {@code node_modules}, large files as
 * bundles (text) and native addons (random), and {@code node_modules/.bin} symlinks to executable
 * files. A tree with no small files ("large") is just {@code large/file-N.bin}.
 *
 * <p>{@link #scan} describes an existing tree the same way, so the benchmark can edit a copy of it.
 */
public record TreePlan(TreeShape shape, List<PlannedEntry> entries) {
    private static final String[] SUBDIRS = {"", "lib", "lib/util", "lib/internal", "dist", "dist/esm", "src", "types"};
    private static final String[] EXTENSIONS = {".js", ".js", ".js", ".mjs", ".d.ts", ".json", ".md", ".map"};

    public TreePlan {
        entries = List.copyOf(entries);
    }

    public static TreePlan of(TreeShape shape) {
        SplittableRandom rng = new SplittableRandom(shape.seed());
        List<PlannedEntry> entries = new ArrayList<>(shape.files() + shape.symlinks());
        List<String> packages = packageDirs(shape, rng);
        for (int i = 0; i < shape.smallFiles(); i++) {
            String dir = packages.get(rng.nextInt(packages.size())) + subdir(rng);
            String path = dir + "/" + Vocabulary.word(rng) + "-" + i + EXTENSIONS[rng.nextInt(EXTENSIONS.length)];
            long size = logUniform(rng, shape.smallMinBytes(), shape.smallMaxBytes());
            entries.add(new PlannedEntry(path, size, rng.nextLong(), rng.nextInt(100) < shape.compressiblePercent(), false, null));
        }
        int compressibleLarge = Math.round(shape.largeFiles() * shape.compressiblePercent() / 100f);
        for (int i = 0; i < shape.largeFiles(); i++) {
            boolean text = i < compressibleLarge;
            String path = shape.smallFiles() == 0 ? "large/file-" + i + ".bin"
                    : packages.get(rng.nextInt(packages.size())) + (text ? "/dist/bundle-" + i + ".js" : "/build/addon-" + i + ".node");
            long size = logUniform(rng, shape.largeMinBytes(), shape.largeMaxBytes());
            entries.add(new PlannedEntry(path, size, rng.nextLong(), text, false, null));
        }
        addBinLinks(shape, rng, entries);
        return new TreePlan(shape, entries);
    }

    /**
     * The plan of the tree under {@code root} as it is: an entry per regular file (its size, and
     * executable if the owner may execute it) and per symlink (its target, not followed), in path
     * order. Content seeds are drawn from {@link TreeShape#DEFAULT_SEED} in that order: they only
     * matter for the files {@link TreeEditor} rewrites, which get text-like content. The shape
     * counts every file as a small one, bounded by the smallest and largest.
     *
     * @throws IOException also for what a plan cannot hold: a fifo, socket or device, or a name
     *     that does not survive this JVM's decoding of file names (the edits and checks go by name)
     */
    public static TreePlan scan(Path root, String name) throws IOException {
        List<PlannedEntry> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.skip(1).toList()) {
                PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String path = root.relativize(p).toString();
                requireRoundTrip(root, path, attrs);
                if (attrs.isSymbolicLink()) {
                    found.add(new PlannedEntry(path, 0, 0, false, false, Files.readSymbolicLink(p).toString()));
                } else if (attrs.isRegularFile()) {
                    boolean executable = attrs.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                    found.add(new PlannedEntry(path, attrs.size(), 0, true, executable, null));
                } else if (attrs.isOther()) {
                    throw new IOException(root.resolve(path) + " is a " + specialKind(p) + ": the benchmark compares"
                            + " restored trees with the source, and a snapshot keeps only files, dirs and symlinks");
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // an unreadable directory, met while walking
        }
        found.sort(Comparator.comparing(PlannedEntry::path));
        SplittableRandom rng = new SplittableRandom(TreeShape.DEFAULT_SEED);
        List<PlannedEntry> entries = found.stream()
                .map(e -> e.isSymlink() ? e : e.withContent(e.sizeBytes(), rng.nextLong())).toList();
        List<Long> sizes = entries.stream().filter(e -> !e.isSymlink()).map(PlannedEntry::sizeBytes).toList();
        var shape = new TreeShape(name, sizes.size(), sizes.stream().min(Long::compare).orElse(0L),
                sizes.stream().max(Long::compare).orElse(0L), 0, 0, 0, entries.size() - sizes.size(), 100, TreeShape.DEFAULT_SEED);
        return new TreePlan(shape, entries);
    }

    /** {@code path}, resolved again from its String form, must name the entry the walk found. */
    private static void requireRoundTrip(Path root, String path, PosixFileAttributes found) throws IOException {
        Object key;
        try {
            key = Files.readAttributes(root.resolve(path), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            key = null;
        }
        if (!Objects.equals(key, found.fileKey())) {
            throw new IOException("the name of " + root.resolve(path) + " does not survive this JVM's decoding of file names"
                    + " (sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding") + "): rename it, or run in a UTF-8 locale");
        }
    }

    /** "fifo", "socket", "device": from the file-type bits of the mode, as stat(2) gives them. */
    private static String specialKind(Path p) throws IOException {
        int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        return switch (type) {
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0020000, 0060000 -> "device";
            default -> "special file";
        };
    }

    public long fileCount() {
        return entries.stream().filter(e -> !e.isSymlink()).count();
    }

    public long totalBytes() {
        return entries.stream().mapToLong(PlannedEntry::sizeBytes).sum();
    }

    private static List<String> packageDirs(TreeShape shape, SplittableRandom rng) {
        int count = Math.max(1, shape.smallFiles() / 25);
        List<String> dirs = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            String name = Vocabulary.word(rng) + "-" + p;
            // Every fifth package is nested, as npm does when two versions of a dependency are needed.
            String parent = p % 5 == 4 ? dirs.get(rng.nextInt(dirs.size())) : "node_modules";
            dirs.add((parent.equals("node_modules") ? parent : parent + "/node_modules") + "/" + name);
        }
        return dirs;
    }

    private static String subdir(SplittableRandom rng) {
        String sub = SUBDIRS[rng.nextInt(SUBDIRS.length)];
        return sub.isEmpty() ? "" : "/" + sub;
    }

    /** Points {@code node_modules/.bin/cmd-K} at small files, which become executable. */
    private static void addBinLinks(TreeShape shape, SplittableRandom rng, List<PlannedEntry> entries) {
        if (shape.smallFiles() == 0) return;
        for (int k = 0; k < shape.symlinks(); k++) {
            int index = rng.nextInt(shape.smallFiles());
            PlannedEntry target = entries.get(index);
            entries.set(index, new PlannedEntry(target.path(), target.sizeBytes(), target.contentSeed(),
                    target.compressible(), true, null));
            String relative = "../" + target.path().substring("node_modules/".length());
            entries.add(new PlannedEntry("node_modules/.bin/cmd-" + k, 0, 0, false, false, relative));
        }
    }

    static long logUniform(SplittableRandom rng, long minBytes, long maxBytes) {
        if (minBytes == maxBytes) return minBytes;
        double lo = Math.log(Math.max(1, minBytes));
        double hi = Math.log(maxBytes);
        return Math.clamp(Math.round(Math.exp(lo + rng.nextDouble() * (hi - lo))), minBytes, maxBytes);
    }
}
