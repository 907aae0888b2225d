package dev.larder.bench.store;

/**
 * One entry of a {@link TreePlan}: a regular file with its size and content recipe, or a symlink.
 *
 * @param path relative, '/'-separated
 * @param sizeBytes file size; 0 for a symlink
 * @param contentSeed the file's bytes are a function of this seed, the size and {@code compressible}
 * @param linkTarget the symlink's target, relative to the link's directory; null for a file
 */
public record PlannedEntry(String path, long sizeBytes, long contentSeed, boolean compressible, boolean executable,
        String linkTarget) {

    public boolean isSymlink() {
        return linkTarget != null;
    }

    PlannedEntry withContent(long newSizeBytes, long newSeed) {
        return new PlannedEntry(path, newSizeBytes, newSeed, compressible, executable, linkTarget);
    }
}
