package dev.larder.engine;

import java.util.Arrays;

/**
 * Index changes not yet durable, oldest first, as (tag, previous location, new location). If a
 * flush fails they are undone newest first, which returns the index to its state at the last
 * durable batch: a failed batch leaves no trace. Guarded by the writer's lock.
 */
final class UndoLog {
    private long[] entries = new long[3 * 64];
    private int size;

    void add(long tag, long previous, long written) {
        if (3 * size == entries.length) entries = Arrays.copyOf(entries, entries.length * 2);
        entries[3 * size] = tag;
        entries[3 * size + 1] = previous;
        entries[3 * size + 2] = written;
        size++;
    }

    int size() {
        return size;
    }

    /** Drops the first {@code count} entries: their batch is durable. */
    void discardFirst(int count) {
        System.arraycopy(entries, 3 * count, entries, 0, 3 * (size - count));
        size -= count;
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
        size = 0;
    }
}
