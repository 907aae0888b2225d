package dev.larder.server.keyspace;

/** Keyspace counters for INFO; written under the keyspace's lock, read racily for reporting. */
public final class KeyspaceStats {
    long hits;
    long misses;
    long expired;
    long lost;

    public long hits() { return hits; }
    public long misses() { return misses; }
    public long expired() { return expired; }
    /** Keys whose value the store no longer had (evicted from a full disk). */
    public long lost() { return lost; }

    public void reset() {
        hits = misses = expired = lost = 0;
    }
}
