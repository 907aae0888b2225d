package dev.larder.bench.jmh;

import java.nio.file.Path;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.CacheStatistics;
import org.ehcache.core.statistics.TierStatistics;

/**
 * Ehcache 3 with a heap tier over a (non-persistent) disk tier, configured through the builder
 * API (no XML, so no JAXB). The heap tier is sized in entries: Ehcache's byte-sized heap relies on
 * its deprecated reflective sizeof engine, which is both slow and fragile on recent JDKs.
 */
final class EhcacheStore implements TwoTierStore {
    private static final String ALIAS = "bench";

    private final PersistentCacheManager manager;
    private final Cache<String, byte[]> cache;
    private final DefaultStatisticsService statistics = new DefaultStatisticsService();

    EhcacheStore(Path dir, long heapEntries, long diskBytes) {
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .using(statistics)
                .with(CacheManagerBuilder.persistence(dir.toFile()))
                .withCache(ALIAS, CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
                        ResourcePoolsBuilder.newResourcePoolsBuilder()
                                .heap(heapEntries, EntryUnit.ENTRIES)
                                .disk(diskBytes >> 20, MemoryUnit.MB, false)))
                .build(true);
        cache = manager.getCache(ALIAS, String.class, byte[].class);
    }

    @Override
    public byte[] get(String key) {
        return cache.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        cache.put(key, value);
    }

    @Override
    public void flush() {
        // the disk tier is the authority: every put is already there
    }

    @Override
    public Tally tally() {
        CacheStatistics stats = statistics.getCacheStatistics(ALIAS);
        TierStatistics heap = stats.getTierStatistics().get("OnHeap");
        return new Tally(heap.getHits(), heap.getHits() + heap.getMisses(), stats.getCacheHits());
    }

    @Override
    public void close() {
        manager.close();
    }
}
