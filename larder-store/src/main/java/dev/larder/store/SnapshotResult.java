package dev.larder.store;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Outcome of a snapshot. {@code newBytes} is raw bytes of contents the store did not have;
 * {@code storedBytes} what they took after compression. {@code changedWhileReading} lists
 * files whose size or mtime moved during the read (the catalog has what was read; re-run for a
 * consistent copy). {@code skipped} lists entries that could not be stored, with the reason
 * (unreadable, gone before they were read, a name that cannot be kept); {@code specialFiles} the
 * devices, fifos and sockets, which a catalog never holds. {@code warnings} says what the
 * snapshot did differently from what was asked and why (the store's own directory left out of the
 * tree, a previous catalog that could not be read); they leave it complete. Names are for display:
 * bytes that are not UTF-8 and control characters appear as {@code \xNN}.
 */
public record SnapshotResult(ContentId catalogId, long files, long directories, long symlinks, long bytes,
                             long newBytes, long storedBytes, long reusedFiles, long elapsedMs,
                             List<String> changedWhileReading, List<String> skipped, List<String> specialFiles,
                             List<String> warnings) {
    /** True if the catalog has the whole tree as it was: nothing skipped, nothing changed while read. */
    public boolean complete() {
        return changedWhileReading.isEmpty() && skipped.isEmpty();
    }

    /** Logical bytes per new byte stored; none when nothing was new (a 0 would read as no dedup at all). */
    public OptionalDouble dedupRatio() {
        return newBytes == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) bytes / newBytes);
    }
}
