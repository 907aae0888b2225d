package dev.larder.engine;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Region bookkeeping: each region's current epoch, the sealed regions in write order (the FIFO
 * eviction queue) and the free regions. Epochs are read by any reader without locks (a record is
 * valid only if its epoch equals its region's); everything else is guarded by the writer's lock.
 */
final class Regions {
    private final AtomicLongArray epochs;
    private final ArrayDeque<Integer> sealed = new ArrayDeque<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    Regions(int count) {
        epochs = new AtomicLongArray(count);
        for (int r = 0; r < count; r++) epochs.set(r, RegionHeaderDescriptor.NO_EPOCH);
    }

    long epoch(int region) {
        return epochs.get(region);
    }

    void setEpoch(int region, long epoch) {
        epochs.set(region, epoch);
    }

    void addSealed(int region) {
        sealed.addLast(region);
    }

    void addFree(int region) {
        free.addLast(region);
    }

    /** A free region, or -1 if every region holds data. */
    int takeFree() {
        Integer region = free.pollFirst();
        return region == null ? -1 : region;
    }

    /** Removes and returns the oldest sealed region (the caller reclaims it). */
    int takeOldestSealed() {
        return sealed.removeFirst();
    }

    /** Puts back, as the oldest, a region taken by {@link #takeOldestSealed} whose reclaim failed. */
    void returnOldestSealed(int region) {
        sealed.addFirst(region);
    }

    /** Forgets every region's data: all free, no epochs (a clear). */
    void reset() {
        sealed.clear();
        free.clear();
        for (int r = 0; r < epochs.length(); r++) {
            epochs.set(r, RegionHeaderDescriptor.NO_EPOCH);
            free.addLast(r);
        }
    }

    /** The sealed regions, newest first (a snapshot). */
    java.util.List<Integer> sealedNewestFirst() {
        return java.util.List.copyOf(sealed.reversed());
    }

    /** The sealed regions, oldest first (a copy). */
    int[] sealedOldestFirst() {
        return sealed.stream().mapToInt(Integer::intValue).toArray();
    }

    int sealedCount() {
        return sealed.size();
    }
}
