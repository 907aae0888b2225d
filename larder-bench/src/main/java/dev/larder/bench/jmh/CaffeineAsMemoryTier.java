package dev.larder.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine alone, built as Larder's memory tier builds it (see {@code TieredCache}'s constructor):
 * values wrapped with their weight and deadline, maintenance on the calling thread, and the
 * deadline checked on a hit only for entries that have one. The step between {@code caffeine}
 * and {@code larder} in {@link MemoryTierBenchmark}: what the configuration costs, apart from
 * Larder's own code on the hit path.
 */
final class CaffeineAsMemoryTier {
    private final Cache<String, Entry> cache;

    CaffeineAsMemoryTier(long maximumWeight) {
        cache = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((String k, Entry e) -> e.weight())
                .executor(Runnable::run)
                .build();
    }

    void put(String key, String value) {
        cache.put(key, new Entry(value, key.length() + value.length() + 288, 0));
    }

    String getIfPresent(String key) {
        Entry entry = cache.getIfPresent(key);
        if (entry == null) return null;
        return entry.expireAtMs() == 0 || entry.expireAtMs() > System.currentTimeMillis() ? entry.value() : null;
    }

    private record Entry(String value, int weight, long expireAtMs) {}
}
