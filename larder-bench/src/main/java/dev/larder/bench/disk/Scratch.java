package dev.larder.bench.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark's own directory: a fresh {@code larder-bench-*} directory inside the chosen parent,
 * so cleaning up can never touch anything the benchmark did not create. {@link #close()} deletes it
 * with everything in it; a shutdown hook does the same if the JVM is interrupted (Ctrl-C).
 */
public final class Scratch implements AutoCloseable {
    private final Path dir;
    private final Thread cleanupHook;

    private Scratch(Path dir) {
        this.dir = dir;
        this.cleanupHook = new Thread(this::deleteAll, "larder-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /** Creates a fresh directory in {@code parent}, or in the system temp dir if {@code parent} is null. */
    public static Scratch create(Path parent) throws IOException {
        Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        return new Scratch(Files.createTempDirectory(base, "larder-bench-"));
    }

    public Path dir() {
        return dir;
    }

    /** A path for a new file in the scratch directory; it must not exist yet. */
    public Path file(String name) throws IOException {
        Path path = dir.resolve(name);
        Files.deleteIfExists(path);
        return path;
    }

    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    public FileStore store() throws IOException {
        return Files.getFileStore(dir);
    }

    /** @throws NotEnoughSpaceException if the scratch filesystem has less than {@code bytes} free */
    public void requireFree(long bytes, String purpose) throws IOException {
        long usable = store().getUsableSpace();
        if (usable < bytes) throw new NotEnoughSpaceException(dir, bytes, usable, purpose);
    }

    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run, and deleteAll is idempotent
        }
    }

    private synchronized void deleteAll() {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the benchmark's scratch directory " + dir
                    + "; remove it by hand", e);
        }
    }

    /** Not enough free space for a phase; the message says how much is needed and where. */
    public static final class NotEnoughSpaceException extends IOException {
        NotEnoughSpaceException(Path dir, long neededBytes, long usableBytes, String purpose) {
            super(String.format("not enough free space in %s for %s: needs %.1f GiB, %.1f GiB usable; "
                    + "free some space or pass --dir on a larger filesystem", dir, purpose,
                    neededBytes / (double) (1L << 30), usableBytes / (double) (1L << 30)));
        }
    }
}
