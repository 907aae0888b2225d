package dev.larder.server.keyspace;

/** Keyspace counters for INFO; written under the keyspace's lock, read racily for reporting. */
public final class KeyspaceStats {
    long hits;
    long misses;
    long expired;
    long lost;
    long streamed;
    long directoryHits;

    public long hits() { return hits; }
    public long misses() { return misses; }
    public long expired() { return expired; }
    /** Keys whose value the store no longer had (evicted from a full disk). */
    public long lost() { return lost; }
    /** GETs of values kept on disk in chunks, sent chunk by chunk rather than read whole. */
    public long streamed() { return streamed; }
    /** Lookups answered by the key directory's reference to a value the memory tier holds. */
    public long directoryHits() { return directoryHits; }

    public void reset() {
        hits = misses = expired = lost = streamed = directoryHits = 0;
    }
}
