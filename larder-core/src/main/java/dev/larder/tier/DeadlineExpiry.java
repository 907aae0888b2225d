package dev.larder.tier;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.InstantSource;

/** Caffeine expiry from each entry's absolute deadline, so both tiers expire an entry together. */
final class DeadlineExpiry<V> implements Expiry<Object, MemoryEntry<V>> {
    private final InstantSource clock;

    DeadlineExpiry(InstantSource clock) {
        this.clock = clock;
    }

    private long remainingNs(MemoryEntry<V> entry) {
        if (entry.expireAtMs() == 0) return Long.MAX_VALUE;
        return Math.max(0, entry.expireAtMs() - clock.millis()) * 1_000_000L;
    }

    @Override
    public long expireAfterCreate(Object key, MemoryEntry<V> entry, long currentTime) {
        return remainingNs(entry);
    }

    @Override
    public long expireAfterUpdate(Object key, MemoryEntry<V> entry, long currentTime, long currentDuration) {
        return remainingNs(entry);
    }

    @Override
    public long expireAfterRead(Object key, MemoryEntry<V> entry, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
