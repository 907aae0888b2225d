package dev.larder.store;

import java.util.List;

/**
 * Outcome of verify: blobs re-hashed, the corrupt ones and unreadable catalogs described, and how
 * many damaged records {@code --repair} quarantined (0 without it).
 */
public record VerifyResult(long blobs, long bytes, List<String> corrupt, int quarantined) {
    public boolean ok() {
        return corrupt.isEmpty();
    }
}
