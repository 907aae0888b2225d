package dev.larder.store;

import java.util.List;

/**
 * Outcome of a restore: what was written, left alone, removed, refused (with why) and failed, and
 * how many positional reads of the store it took (merged: far fewer than files written).
 */
public record RestoreResult(long filesWritten, long bytesWritten, long filesLinked, long unchanged, long removed,
                            long storeReads, long elapsedMs, List<String> refused, List<String> errors) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
