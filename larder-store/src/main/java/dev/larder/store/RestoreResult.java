package dev.larder.store;

import java.util.List;

/** Outcome of a restore: what was written, left alone, removed, refused (with why) and failed. */
public record RestoreResult(long filesWritten, long bytesWritten, long filesLinked, long unchanged, long removed,
                            long elapsedMs, List<String> refused, List<String> errors) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
