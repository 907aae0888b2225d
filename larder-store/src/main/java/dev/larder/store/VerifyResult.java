package dev.larder.store;

import java.util.List;

/** Outcome of verify: blobs re-hashed, and the corrupt ones and unreadable catalogs described. */
public record VerifyResult(long blobs, long bytes, List<String> corrupt) {
    public boolean ok() {
        return corrupt.isEmpty();
    }
}
