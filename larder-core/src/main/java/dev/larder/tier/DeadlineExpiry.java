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
        long remainingMs = Math.max(0, entry.expireAtMs() - clock.millis());
        return remainingMs > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : remainingMs * 1_000_000L; // no overflow into "expired
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
