package dev.larder.bench.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A fresh {@code larder-bench-store-*} directory for the trees, stores, archives and targets, so
 * deleting it can never touch anything the benchmark did not create. Deleted exactly once: at
 * {@link #close()} or, on Ctrl-C, from a shutdown hook, which first kills the running child
 * (a child still writing into the directory would defeat the delete).
 */
public final class Scratch implements AutoCloseable {
    private static final int DELETE_ATTEMPTS = 5;
    private static final long DELETE_RETRY_MS = 200;
    private final Path dir;
    private final PrintStream err;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook = new Thread(this::deleteOnce, "larder-bench-store-cleanup");
    private volatile AutoCloseable child;

    private Scratch(Path dir, PrintStream err) {
        this.dir = dir;
        this.err = err;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Creates the directory inside {@code parent}, or inside the system temp dir if it is null. */
    public static Scratch create(Path parent, PrintStream err) throws IOException {
        Path base = parent(parent);
        Files.createDirectories(base);
        return new Scratch(Files.createTempDirectory(base, "larder-bench-store-"), err);
    }

    /** Where {@link #create} puts the directory: {@code parent}, or the system temp dir if it is null. */
    public static Path parent(Path parent) {
        return parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Path dir() {
        return dir;
    }

    /** True once deleting has begun: long work (writing a tree) should stop, or it races the delete. */
    public boolean closing() {
        return closed.get();
    }

    /** {@code child} is closed before the directory is deleted. */
    public void stopFirst(AutoCloseable child) {
        this.child = child;
    }

    /** Deletes {@code sub} (inside this directory) with everything in it; symlinks are removed, not followed. */
    public void delete(Path sub) throws IOException {
        if (!sub.normalize().startsWith(dir)) throw new IllegalArgumentException(sub + " is outside " + dir);
        if (!Files.exists(sub, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(sub)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Deletes {@code sub} if present and creates it again, empty. */
    public Path fresh(Path sub) throws IOException {
        delete(sub);
        return Files.createDirectories(sub);
    }

    @Override
    public void close() {
        deleteOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; deleteOnce ran once either way
        }
    }

    /**
     * On Ctrl-C the benchmark's own thread may still be writing a file or two into the tree while
     * the hook deletes it; a few tries a moment apart outlast that.
     */
    private void deleteRetrying() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                delete(dir);
                return;
            } catch (IOException e) {
                if (attempt == DELETE_ATTEMPTS) throw e;
                Thread.sleep(DELETE_RETRY_MS);
            }
        }
    }

    private void deleteOnce() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (child != null) child.close();
            deleteRetrying();
        } catch (Exception e) {
            err.println("larder bench store: could not delete " + dir + "; remove it by hand: " + e);
        }
    }
}
