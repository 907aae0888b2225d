package dev.larder.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The naive peer: Caffeine (bounded in bytes, weighed as Larder weighs an entry) in front of one
 * file per key in a directory, read with {@link Files#readAllBytes} and written with
 * {@link Files#write} (no fsync). What one writes in an afternoon; no locking between a disk read
 * and its promotion. Keys must be valid file names.
 */
final class FilePerKeyStore implements TwoTierStore {
    private final Path dir;
    private final Cache<String, byte[]> memory;
    private final LongAdder diskHits = new LongAdder();

    FilePerKeyStore(Path dir, long memoryBytes) {
        this.dir = dir;
        memory = Caffeine.newBuilder()
                .maximumWeight(memoryBytes)
                .weigher((String k, byte[] v) -> k.length() + v.length + 288)
                .recordStats()
                .build();
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] value = memory.getIfPresent(key);
        if (value != null) return value;
        try {
            value = Files.readAllBytes(dir.resolve(key));
        } catch (NoSuchFileException e) {
            return null;
        }
        diskHits.increment();
        memory.put(key, value);
        return value;
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Files.write(dir.resolve(key), value);
        memory.put(key, value);
    }

    @Override
    public void flush() {
        // written through at put
    }

    @Override
    public Tally tally() {
        CacheStats stats = memory.stats();
        return new Tally(stats.hitCount(), stats.requestCount(), stats.hitCount() + diskHits.sum());
    }

    @Override
    public void close() {
        memory.invalidateAll();
    }
}
