package dev.larder.bench.jmh;

import dev.larder.cache.CacheStats;
import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;

/** Larder's {@link HybridCache}: {@code getIfPresent} looks in memory, then on disk, and promotes a disk hit. */
final class LarderStore implements TwoTierStore {
    private final HybridCache<String, byte[]> cache;

    LarderStore(Path dir, long memoryBytes, long diskBytes) throws IOException {
        cache = Larder.newBuilder(Codecs.utf8(), Codecs.bytes())
                .diskPath(dir.resolve("data"))
                .memoryBytes(memoryBytes)
                .diskCapacityBytes(diskBytes)
                .durability(Durability.NONE) // loading speed only: flush() follows the load; the benchmark reads
                .build();
    }

    @Override
    public byte[] get(String key) {
        return cache.getIfPresent(key);
    }

    @Override
    public void put(String key, byte[] value) {
        cache.put(key, value);
    }

    @Override
    public void flush() {
        cache.flush();
    }

    @Override
    public Tally tally() {
        CacheStats stats = cache.stats();
        long lookups = stats.memoryHits() + stats.memoryMisses();
        return new Tally(stats.memoryHits(), lookups, stats.memoryHits() + stats.diskHits());
    }

    @Override
    public void close() {
        cache.close();
    }
}
