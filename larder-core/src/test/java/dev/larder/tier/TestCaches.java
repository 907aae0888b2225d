package dev.larder.tier;

import dev.larder.cache.AdmissionMode;
import dev.larder.cache.Codecs;
import dev.larder.disk.DiskCache;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;

/** Tiered caches built directly (not through the builder), for tests that script the disk tier. */
final class TestCaches {
    static final long DISK_BYTES = 64L << 20;
    static final int REGION_BYTES = 256 << 10;

    private TestCaches() {}

    /** A roomy disk tier: nothing a test writes is evicted from it. */
    static DiskCache disk(Path file, InstantSource clock) throws IOException {
        return DiskCache.builder(file).capacityBytes(DISK_BYTES).regionSizeBytes(REGION_BYTES)
                .durability(Durability.NONE).clock(clock).open();
    }

    static TieredCache.Settings<String, String> settings(AdmissionMode admission, long memoryBytes, InstantSource clock) {
        return new TieredCache.Settings<>(Codecs.utf8(), Codecs.utf8(), memoryBytes, 0, admission,
                Executors.newVirtualThreadPerTaskExecutor(), null, Duration.ofSeconds(5), 0, false,
                Duration.ofMillis(20).toNanos(), clock, null, false);
    }

    /** Weight of a String entry in the memory tier (ASCII key and value). */
    static long weight(String key, String value) {
        return key.length() + value.length() + MemoryEntry.OVERHEAD_BYTES;
    }
}
