package dev.larder.store;

import java.time.Instant;
import java.util.List;

/**
 * One line of {@code larder ls}: a catalog, the names pointing at it, and its size. {@code damage}
 * is null for a catalog that reads, else why it cannot be read (entries and bytes are then 0).
 */
public record CatalogInfo(ContentId id, List<String> names, long entries, long bytes, Instant created, String damage) {
    public boolean damaged() {
        return damage != null;
    }
}
