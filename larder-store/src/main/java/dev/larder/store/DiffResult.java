package dev.larder.store;

import java.util.List;

/**
 * How a target differs from a catalog, by the same rules restore uses: {@code missing} would be
 * created, {@code extra} removed, {@code changed} replaced; {@code refused} are catalog entries
 * restore would refuse. Names are for display: bytes that are not UTF-8 appear as {@code \xNN}.
 */
public record DiffResult(List<String> missing, List<String> extra, List<String> changed, List<String> refused) {
    public boolean same() {
        return missing.isEmpty() && extra.isEmpty() && changed.isEmpty();
    }
}
