package dev.larder.tier;

import dev.larder.disk.DiskCache;
import java.util.function.BiPredicate;

/**
 * Fills the memory tier from the most recently written disk entries, up to the memory budget, in
 * the background: reads are served meanwhile and a key written or read first is never overwritten
 * by warm-up (it promotes only keys still absent from memory).
 */
final class WarmUp<K, V> implements Runnable {
    private final DiskCache disk;
    private final BiPredicate<byte[], DiskCache.Entry> promote;
    private final long budgetBytes;

    /** {@code promote} returns false once the memory tier is full, which ends the warm-up. */
    WarmUp(DiskCache disk, BiPredicate<byte[], DiskCache.Entry> promote, long budgetBytes) {
        this.disk = disk;
        this.promote = promote;
        this.budgetBytes = budgetBytes;
    }

    @Override
    public void run() {
        try {
            disk.forEachRecent(budgetBytes, promote);
        } catch (IllegalStateException closed) {
            // the cache was closed while warming up; nothing left to do
        }
    }
}
