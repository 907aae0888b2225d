package dev.larder.bench.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Every entry of a generated tree, decided before a byte is written, so the same shape and seed
 * always give the same tree (paths, sizes, modes, content) and tests can check that without disk.
 *
 * <p>"deps" trees look like {@code node_modules}: packages with {@code lib/}, {@code dist/} and
 * {@code src/} dirs, every fifth package nested in another's {@code node_modules}, large files as
 * bundles (text) and native addons (random), and {@code node_modules/.bin} symlinks to executable
 * files. A tree with no small files ("large") is just {@code large/file-N.bin}.
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
