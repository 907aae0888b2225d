package dev.larder.bench.jmh;

import java.io.IOException;

/**
 * A memory tier over a disk tier, String keys and byte[] values: the face each contender of
 * {@link LargerThanMemoryBenchmark} wears, so the measured method is the same code for all of them.
 */
interface TwoTierStore extends AutoCloseable {
    /** The value, from memory or (then promoted to memory) from disk; null if absent from both. */
    byte[] get(String key) throws IOException;

    /** Stores in both tiers (the disk tier need not be durable yet). */
    void put(String key, byte[] value) throws IOException;

    /** Makes the puts so far readable from disk after they leave memory; called after loading. */
    void flush() throws IOException;

    /** Counts since open, each as the store itself keeps them. */
    Tally tally();

    @Override
    void close() throws IOException;

    /** Lookups served by the memory tier, lookups of the memory tier, and lookups served by either tier. */
    record Tally(long memoryHits, long lookups, long hits) {
        Tally minus(Tally earlier) {
            return new Tally(memoryHits - earlier.memoryHits, lookups - earlier.lookups, hits - earlier.hits);
        }

        String describe() {
            return String.format("memory tier %.2f%%, overall %.2f%% of %d lookups",
                    100.0 * memoryHits / lookups, 100.0 * hits / lookups, lookups);
        }
    }
}
