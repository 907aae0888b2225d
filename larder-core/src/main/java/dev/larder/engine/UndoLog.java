package dev.larder.engine;

import java.util.Arrays;

/**
 * Index changes not yet durable, oldest first, as (tag, previous location, new location). If a
 * flush fails they are undone newest first, which returns the index to its state at the last
 * durable batch: a failed batch leaves no trace. A batch's entries stay until its sync, if it gets
 * one, has finished. Guarded by the writer's lock.
 */
final class UndoLog {
    private long[] entries = new long[3 * 64];
    private int size;
    private long discarded; // entries dropped so far: marks stay valid as the log's front moves

    void add(long tag, long previous, long written) {
        if (3 * size == entries.length) entries = Arrays.copyOf(entries, entries.length * 2);
        entries[3 * size] = tag;
        entries[3 * size + 1] = previous;
        entries[3 * size + 2] = written;
        size++;
    }

    /** The position after the newest entry, counted from the log's start, never reset. */
    long mark() {
        return discarded + size;
    }

    /** Drops the entries before {@code mark}: their batch is durable. An older mark drops nothing. */
    void discardThrough(long mark) {
        int count = (int) Math.min(size, mark - discarded);
        if (count <= 0) return;
        System.arraycopy(entries, 3 * count, entries, 0, 3 * (size - count));
        size -= count;
        discarded += count;
    }

    /** A previous location inside an evicted region no longer exists: undo to "absent" instead. */
    void forgetRegion(Geometry geometry, int region) {
        for (int i = 0; i < size; i++) {
            long previous = entries[3 * i + 1];
            if (previous != Location.NONE
                    && geometry.regionOf(Location.blockAddress(previous) * geometry.blockSize()) == region) {
                entries[3 * i + 1] = Location.NONE;
            }
        }
    }

    void rollBack(KeyIndex index) {
        for (int i = size - 1; i >= 0; i--) {
            long tag = entries[3 * i];
            long previous = entries[3 * i + 1];
            if (previous == Location.NONE) index.remove(tag);
            else index.put(tag, previous);
        }
        discarded += size;
        size = 0;
    }
}
