package dev.larder.cache;

import dev.larder.disk.DiskStats;

/**
 * A snapshot of a {@link HybridCache}'s activity since open. Hits and misses are counted per
 * tier: a lookup that misses memory and hits disk counts one memory miss and one disk hit.
 *
 * @param promotionsSkipped disk hits served but left out of a full memory tier (see
 *     {@link HybridCacheBuilder#promoteOnRepeatHit}); they are counted in {@code diskHits} too
 * @param spillFailures write-on-evict entries the disk refused when memory evicted them: each was
 *     lost (and any older disk copy of its key hidden)
 */
public record CacheStats(
        long memoryHits, long memoryMisses, long diskHits, long diskMisses, long promotionsSkipped,
        long loads, long loadFailures, long totalLoadTimeNs,
        long memoryEvictions, long spills, long spillFailures, long decodeFailures,
        long memoryEntries, Memory memory, DiskStats disk) {

    /** Where the cache's memory goes, in bytes; {@link #totalBytes()} is the whole footprint. */
    public record Memory(long memoryTierBytes, long memoryTierBudgetBytes, long indexBytes, long bufferBytes) {
        public long totalBytes() {
            return memoryTierBytes + indexBytes + bufferBytes;
        }
    }

    /** Fraction of lookups served by either tier. */
    public double hitRate() {
        long lookups = memoryHits + memoryMisses;
        return lookups == 0 ? 0 : (double) (memoryHits + diskHits) / lookups;
    }

    public double averageLoadTimeNs() {
        return loads == 0 ? 0 : (double) totalLoadTimeNs / loads;
    }

    /** Average weight (serialized key plus value bytes) of an entry in the memory tier. */
    public double averageMemoryEntryBytes() {
        return memoryEntries == 0 ? 0 : (double) memory.memoryTierBytes() / memoryEntries;
    }
}
