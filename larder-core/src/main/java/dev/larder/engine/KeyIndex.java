package dev.larder.engine;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongToIntFunction;

/**
 * Key tag → {@link Location}: an open-addressing hash table with linear probing over two primitive
 * arrays, 12 bytes a slot (a {@code HashMap<Long, Long>} costs ~80 bytes an entry and boxes on
 * every lookup). At the default maximum load of 0.75 that is 16 bytes per live entry.
 *
 * <pre>
 *  words[i]     = tag (48 bits) << 16 | (sizeBlocks - 1) << 1 | hit      (0 = empty slot)
 *  addresses[i] = block address (unsigned 32 bits)
 * </pre>
 *
 * <p>Tags: the top 48 bits of the key's 64-bit hash (never 0). Two keys with the same tag share an
 * entry, so the later write makes the earlier key a miss (expected pairs among n keys ≈ n²/2^49:
 * 0.2 at ten million keys). Readers always compare the full key, so a shared tag is a miss, never a
 * wrong value.
 *
 * <p>Deletion shifts later entries of the probe run back (no tombstones), so lookups stay short
 * after heavy churn.
 *
 * <p>It counts its entries per region ({@link #liveIn}), so that a reclaim of a region the index
 * no longer points into reads nothing: with keys written over and over, that is nearly every
 * reclaim, and walking a region of 16,000 small records cost ~2 ms.
 *
 * <p>Concurrency: writers hold the {@link StampedLock}'s write lock (in practice they are already
 * serialised by the engine's append lock). Readers probe optimistically and retry under the read
 * lock if a writer intervened; a probe is bounded by the table size, so a torn view can never
 * loop or index out of bounds (each {@link Table} is immutable in shape).
 */
final class KeyIndex {
    private static final int SLOT_BYTES = 12;
    private static final double MAX_LOAD = 0.75;
    private static final int MAX_CAPACITY = 1 << 30;

    private final StampedLock lock = new StampedLock();
    private final int initialCapacity;
    private final LongToIntFunction regionOfBlock;
    private final int[] liveInRegion; // entries per region; guarded by lock
    private Table table;
    private int size;

    /** An index that counts entries in one region ({@link #liveIn} is 0 or {@link #size}). */
    KeyIndex(int initialCapacity) {
        this(initialCapacity, 1, block -> 0);
    }

    /** An index whose entries' blocks lie in {@code regions} regions, each block's given by {@code regionOfBlock}. */
    KeyIndex(int initialCapacity, int regions, LongToIntFunction regionOfBlock) {
        this.initialCapacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        this.regionOfBlock = regionOfBlock;
        this.liveInRegion = new int[regions];
        table = new Table(this.initialCapacity);
    }

    static long tag(long hash) {
        long tag = hash >>> 16;
        return tag == 0 ? 1 : tag;
    }

    /** The location stored for {@code tag}, or {@link Location#NONE}. */
    long find(long tag) {
        long stamp = lock.tryOptimisticRead();
        long location = table.find(tag);
        if (lock.validate(stamp)) return location;
        stamp = lock.readLock();
        try {
            return table.find(tag);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Maps {@code tag} to {@code location}; returns the previous location or {@link Location#NONE}. */
    long put(long tag, long location) {
        long stamp = lock.writeLock();
        try {
            if (size + 1 > table.capacity() * MAX_LOAD) grow();
            long previous = table.put(tag, location);
            if (previous == Location.NONE) size++;
            else count(previous, -1);
            count(location, 1);
            return previous;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes {@code tag}; returns the removed location or {@link Location#NONE}. */
    long remove(long tag) {
        return removeIf(tag, Location.NONE);
    }

    /**
     * Removes {@code tag} if it still points at {@code expected} (hit bit ignored), or in any case
     * if {@code expected} is {@link Location#NONE}. Returns the removed location or NONE.
     */
    long removeIf(long tag, long expected) {
        long stamp = lock.writeLock();
        try {
            int slot = table.slotOf(tag);
            if (slot < 0) return Location.NONE;
            long current = table.location(slot);
            if (expected != Location.NONE && Location.withoutHit(current) != Location.withoutHit(expected)) {
                return Location.NONE;
            }
            table.delete(slot);
            size--;
            count(current, -1);
            return current;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Sets the hit bit if {@code tag} still points at {@code location}. */
    void markHit(long tag, long location) {
        long stamp = lock.writeLock();
        try {
            int slot = table.slotOf(tag);
            if (slot >= 0 && Location.withoutHit(table.location(slot)) == Location.withoutHit(location)) {
                table.words[slot] |= 1;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes every entry and shrinks back to the initial capacity. */
    void clear() {
        long stamp = lock.writeLock();
        try {
            table = new Table(initialCapacity);
            size = 0;
            Arrays.fill(liveInRegion, 0);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** How many entries point into {@code region}. */
    int liveIn(int region) {
        long stamp = lock.readLock();
        try {
            return liveInRegion[region];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private void count(long location, int delta) {
        liveInRegion[regionOfBlock.applyAsInt(Location.blockAddress(location))] += delta;
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    long bytes() {
        long stamp = lock.readLock();
        try {
            return (long) table.capacity() * SLOT_BYTES;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The table's slots, copied; for an {@link IndexCheckpoint}. */
    record Image(long[] words, int[] addresses, int size) {}

    Image image() {
        long stamp = lock.readLock();
        try {
            return new Image(table.words.clone(), table.addresses.clone(), size);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Replaces the contents with {@code image} (at open, before any other use). Refuses an image
     * whose shape is impossible, so a damaged checkpoint cannot corrupt lookups; that every
     * location lies in a region, {@link IndexCheckpoint} checks as it reads.
     */
    void load(Image image) {
        int capacity = image.words().length;
        if (Integer.bitCount(capacity) != 1 || capacity > MAX_CAPACITY || image.addresses().length != capacity) {
            throw new IllegalArgumentException("index image of " + capacity + " slots");
        }
        int used = 0;
        for (long word : image.words()) if (word != 0) used++;
        if (used != image.size() || used > capacity * MAX_LOAD) {
            throw new IllegalArgumentException("index image claims " + image.size() + " entries in " + used + " used slots");
        }
        long stamp = lock.writeLock();
        try {
            table = new Table(image.words(), image.addresses());
            size = used;
            Arrays.fill(liveInRegion, 0);
            for (int i = 0; i < capacity; i++) if (table.words[i] != 0) count(table.location(i), 1);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void grow() {
        if (table.capacity() >= MAX_CAPACITY) throw new IllegalStateException("index is full: " + size + " entries");
        Table bigger = new Table(table.capacity() * 2);
        for (int i = 0; i < table.capacity(); i++) {
            long word = table.words[i];
            if (word != 0) bigger.put(word >>> 16, table.location(i));
        }
        table = bigger;
    }

    private static final class Table {
        final long[] words;
        final int[] addresses;
        final int mask;

        Table(int capacity) {
            this(new long[capacity], new int[capacity]);
        }

        Table(long[] words, int[] addresses) {
            this.words = words;
            this.addresses = addresses;
            mask = words.length - 1;
        }

        int capacity() {
            return mask + 1;
        }

        int home(long tag) {
            return (int) ((tag * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }

        long location(int slot) {
            return (addresses[slot] & 0xFFFF_FFFFL) << 16 | (words[slot] & 0xFFFF);
        }

        long find(long tag) {
            int slot = slotOf(tag);
            return slot < 0 ? Location.NONE : location(slot);
        }

        int slotOf(long tag) {
            for (int i = home(tag), probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
                long word = words[i];
                if (word == 0) return -1;
                if (word >>> 16 == tag) return i;
            }
            return -1;
        }

        long put(long tag, long location) {
            for (int i = home(tag); ; i = (i + 1) & mask) {
                long word = words[i];
                if (word == 0 || word >>> 16 == tag) {
                    long previous = word == 0 ? Location.NONE : location(i);
                    words[i] = tag << 16 | (location & 0xFFFF);
                    addresses[i] = (int) Location.blockAddress(location);
                    return previous;
                }
            }
        }

        /** Backward-shift deletion: pull later entries of the run into the hole where allowed. */
        void delete(int hole) {
            for (int j = (hole + 1) & mask; words[j] != 0; j = (j + 1) & mask) {
                int home = home(words[j] >>> 16);
                boolean homeInRange = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
                if (!homeInRange) {
                    words[hole] = words[j];
                    addresses[hole] = addresses[j];
                    hole = j;
                }
            }
            words[hole] = 0;
            addresses[hole] = 0;
        }
    }
}
