package dev.larder.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Caffeine alone, built as Larder's memory tier builds it (see {@code TieredCache}'s constructor):
 * values wrapped with their weight and deadline, per-entry expiry from the deadline, a millisecond
 * ticker, and maintenance on the calling thread. The step between {@code caffeine} and
 * {@code larder} in {@link MemoryTierBenchmark}: what the configuration costs, apart from
 * Larder's own code on the hit path.
 */
final class CaffeineAsMemoryTier {
    private final Cache<String, Entry> cache;

    CaffeineAsMemoryTier(long maximumWeight) {
        cache = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((String k, Entry e) -> e.weight())
                .expireAfter(new DeadlineExpiry())
                .ticker(() -> System.currentTimeMillis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    void put(String key, String value) {
        cache.put(key, new Entry(value, key.length() + value.length() + 128, 0));
    }

    String getIfPresent(String key) {
        Entry entry = cache.getIfPresent(key);
        return entry == null ? null : entry.value();
    }

    private record Entry(String value, int weight, long expireAtMs) {}

    /** As Larder's: the deadline fixes the lifetime at write; a read keeps it. */
    private static final class DeadlineExpiry implements Expiry<String, Entry> {
        private static long remainingNs(Entry entry) {
            if (entry.expireAtMs() == 0) return Long.MAX_VALUE;
            return Math.max(0, entry.expireAtMs() - System.currentTimeMillis()) * 1_000_000L;
        }

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return remainingNs(entry);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return remainingNs(entry);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
