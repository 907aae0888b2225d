package dev.larder.bench.disk;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskCacheBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A cache on a fresh scratch file; closing it closes the cache and deletes the file. */
record ScratchCache(Scratch scratch, Path file, DiskCache cache) implements AutoCloseable {

    static ScratchCache create(Scratch scratch, String name, UnaryOperator<DiskCacheBuilder> settings) throws IOException {
        Path file = scratch.file(name);
        try {
            return new ScratchCache(scratch, file, settings.apply(DiskCache.builder(file)).open());
        } catch (IOException | RuntimeException e) {
            scratch.delete(file);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            cache.close();
        } finally {
            scratch.delete(file);
        }
    }
}
