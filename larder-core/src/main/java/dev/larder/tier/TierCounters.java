package dev.larder.tier;

import dev.larder.cache.CacheStats;
import dev.larder.disk.DiskStats;
import java.util.concurrent.atomic.LongAdder;

/** The hybrid cache's own counters (the disk tier keeps its own). */
final class TierCounters {
    final LongAdder memoryHits = new LongAdder();
    final LongAdder memoryMisses = new LongAdder();
    final LongAdder diskHits = new LongAdder();
    final LongAdder diskMisses = new LongAdder();
    final LongAdder promotionsSkipped = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadTimeNs = new LongAdder();
    final LongAdder memoryEvictions = new LongAdder();
    final LongAdder spills = new LongAdder();
    final LongAdder spillFailures = new LongAdder();
    final LongAdder decodeFailures = new LongAdder();

    CacheStats snapshot(long memoryEntries, CacheStats.Memory memory, DiskStats disk) {
        return new CacheStats(memoryHits.sum(), memoryMisses.sum(), diskHits.sum(), diskMisses.sum(), promotionsSkipped.sum(),
                loads.sum(), loadFailures.sum(), loadTimeNs.sum(), memoryEvictions.sum(), spills.sum(), spillFailures.sum(),
                decodeFailures.sum(), memoryEntries, memory, disk);
    }
}
