package dev.larder.server.keyspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One numbered database's key directory: which keys exist and when each expires (epoch ms, 0 =
 * never). Values live in the {@link ValueStore}. Ordered by {@link Key}, so SCAN resumes from a
 * hash position. Not thread-safe: the {@link Keyspace} lock guards it.
 */
final class Database {
    private final TreeMap<Key, Long> expiries = new TreeMap<>();

    /** The key's expiry, or null if absent (expired keys included: the caller decides). */
    Long expiry(Key key) {
        return expiries.get(key);
    }

    /** Adds or updates; returns the previous expiry or null. */
    Long put(Key key, long expireAtMs) {
        return expiries.put(key, expireAtMs);
    }

    boolean remove(Key key) {
        return expiries.remove(key) != null;
    }

    int size() {
        return expiries.size();
    }

    List<Key> keys() {
        return new ArrayList<>(expiries.keySet());
    }

    void clear() {
        expiries.clear();
    }

    /**
     * Up to {@code count} entries from hash position {@code fromHash} on, extended to the end of
     * the last hash so a cursor never splits keys sharing one hash; {@code null} from the map's end.
     */
    List<Map.Entry<Key, Long>> page(long fromHash, int count) {
        List<Map.Entry<Key, Long>> page = new ArrayList<>(Math.min(count, 1024));
        NavigableMap<Key, Long> tail = expiries.tailMap(Key.firstAtHash(fromHash), true);
        for (Map.Entry<Key, Long> entry : tail.entrySet()) {
            if (page.size() >= count && entry.getKey().hash != page.getLast().getKey().hash) break;
            page.add(entry);
        }
        return page;
    }

    /** The first key at or after {@code fromHash}, or null. */
    Key keyAtOrAfter(long fromHash) {
        Map.Entry<Key, Long> entry = expiries.ceilingEntry(Key.firstAtHash(fromHash));
        return entry == null ? null : entry.getKey();
    }

    /** A key at a random hash position (wrapping), or null if empty. */
    Key randomKey() {
        if (expiries.isEmpty()) return null;
        Key key = keyAtOrAfter(ThreadLocalRandom.current().nextLong(1L << 32));
        return key != null ? key : expiries.firstKey();
    }
}
