package dev.larder.store;

import java.util.List;

/**
 * Outcome of {@code larder rm}: the catalog concerned, the names removed, and whether the catalog
 * itself went (only when no name refers to it any more; {@code namesLeft} are those that still do).
 */
public record RemoveResult(ContentId catalog, List<String> namesRemoved, boolean catalogRemoved, List<String> namesLeft) {}
