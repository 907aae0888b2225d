package dev.larder.store;

import java.time.Instant;
import java.util.List;

/** One line of {@code larder ls}: a catalog, the names pointing at it, and its size. */
public record CatalogInfo(ContentId id, List<String> names, long entries, long bytes, Instant created) {}
