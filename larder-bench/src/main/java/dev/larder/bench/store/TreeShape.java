package dev.larder.bench.store;

/**
 * The shape of a generated tree: how many files of which sizes, how many symlinks, how much of the
 * content compresses. Sizes of small and large files are drawn log-uniformly between their bounds,
 * which is roughly how file sizes in dependency folders spread.
 *
 * @param name "deps" or "large"; names the tree in the report
 * @param smallFiles files of {@code smallMinBytes..smallMaxBytes}, spread over nested package dirs
 * @param largeFiles files of {@code largeMinBytes..largeMaxBytes}
 * @param symlinks relative symlinks to files of the tree, like {@code node_modules/.bin}
 * @param compressiblePercent share of files (by count) with text-like content; the rest is random bytes
 * @param seed the whole tree, content included, is a function of this shape and seed
 */
public record TreeShape(String name, int smallFiles, long smallMinBytes, long smallMaxBytes, int largeFiles,
        long largeMinBytes, long largeMaxBytes, int symlinks, int compressiblePercent, long seed) {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    /** Default seed: any fixed value; fixed so that figures from different runs describe the same tree. */
    public static final long DEFAULT_SEED = 0x1a2de5L;

    public TreeShape {
        if (smallFiles < 0 || largeFiles < 0 || symlinks < 0) throw new IllegalArgumentException("negative count in " + name);
        if (smallMinBytes < 0 || smallMinBytes > smallMaxBytes || largeMinBytes < 0 || largeMinBytes > largeMaxBytes) {
            throw new IllegalArgumentException("bad size bounds in " + name);
        }
        if (compressiblePercent < 0 || compressiblePercent > 100) throw new IllegalArgumentException("compressiblePercent " + compressiblePercent);
    }

    /**
     * Shaped like {@code node_modules}: {@code files} files, ~99.9% of 200 B..20 KiB, one large file
     * (1..20 MiB) per ~7,500 files (at least one), a symlink per ~200 files; 70% text-like content.
     */
    public static TreeShape deps(int files) {
        if (files < 2) throw new IllegalArgumentException("--files must be at least 2: " + files);
        int large = Math.max(1, files / 7_500);
        return new TreeShape("deps", files - large, 200, 20 * KIB, large, MIB, 20 * MIB,
                Math.max(1, files / 200), 70, DEFAULT_SEED);
    }

    /** A handful of large files, half of them compressible: 4 x 256 MiB, or 4 x 16 MiB when quick. */
    public static TreeShape large(boolean quick) {
        long size = (quick ? 16 : 256) * MIB;
        return new TreeShape("large", 0, 0, 0, 4, size, size, 0, 50, DEFAULT_SEED);
    }

    public int files() {
        return smallFiles + largeFiles;
    }
}
