package dev.larder.testing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link InstantSource} that moves only when a test advances it; starts at a realistic date, not 0. */
public final class ManualClock implements InstantSource {
    public static final long START_MS = 1_750_000_000_000L;

    private final AtomicLong millis = new AtomicLong(START_MS);

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    public void advance(long ms) {
        millis.addAndGet(ms);
    }
}
