package dev.larder.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh {@code larder-bench-server-*} directory holding every server's files, so deleting it can
 * never touch anything the benchmark did not create. Register it with {@link Cleanup} before any
 * server, so servers stop before it is deleted.
 */
public final class ScratchDir implements AutoCloseable {
    private final Path dir;

    private ScratchDir(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory inside {@code parent}, or inside the system temp dir if it is null. */
    public static ScratchDir create(Path parent) throws IOException {
        Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        return new ScratchDir(Files.createTempDirectory(base, "larder-bench-server-"));
    }

    public Path dir() {
        return dir;
    }

    public long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Deletes {@code sub} (a directory inside this one) with everything in it. */
    public void delete(Path sub) throws IOException {
        if (!sub.startsWith(dir)) throw new IllegalArgumentException(sub + " is outside " + dir);
        if (!Files.exists(sub)) return;
        try (Stream<Path> paths = Files.walk(sub)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            delete(dir);
        } catch (IOException e) {
            throw new IOException("could not delete the benchmark's directory " + dir + "; remove it by hand", e);
        }
    }
}
