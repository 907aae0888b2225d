package dev.larder.tier;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that order every write, invalidation and promotion of one key across both tiers,
 * so the memory tier never ends up holding a value older than the disk's. Each stripe also has a
 * version, bumped under its lock by every write, which lets a batch read done without locks tell
 * whether a key may have changed under it. A {@code ConcurrentHashMap<K, Lock>} would allocate per
 * key; 1024 fixed stripes cost 40 KiB and collide rarely.
 */
final class KeyStripes {
    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLongArray versions = new AtomicLongArray(STRIPES);

    KeyStripes() {
        for (int i = 0; i < STRIPES; i++) locks[i] = new ReentrantLock();
    }

    int stripe(Object memoryKey) {
        int h = memoryKey.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    ReentrantLock lock(int stripe) {
        return locks[stripe];
    }

    long version(int stripe) {
        return versions.get(stripe);
    }

    /**
     * Call after changing a key of the stripe: with its lock held, or, for a write-on-evict spill
     * (which runs under another key's lock), right after the disk write.
     */
    void bump(int stripe) {
        versions.incrementAndGet(stripe);
    }

    /** Runs {@code action} with every stripe locked (in index order, so it cannot deadlock with itself). */
    void runExclusive(Runnable action) {
        int locked = 0;
        try {
            for (; locked < STRIPES; locked++) locks[locked].lock();
            action.run();
            for (int i = 0; i < STRIPES; i++) versions.incrementAndGet(i);
        } finally {
            for (int i = locked - 1; i >= 0; i--) locks[i].unlock();
        }
    }
}
