package dev.larder.bench.store;

import dev.larder.bench.LarderChild;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the page cache in the same state before every timed run, for larder and peers alike:
 * sync, drop the page cache, then walk and read the run's inputs back in (a tree the tool only
 * stats is walked too: its directory blocks live in the page cache), so the cache holds the
 * run's inputs and the JVM's and larder's own files, nothing else. Without it, figures depend on
 * run order: on this kind of VM a page cache that keeps growing makes later writes slower (three
 * {@code tar -xf} of one archive took 0.56, 3.2 and 6.2 s; after a drop, 0.65 s each). Dropping
 * needs root ({@code /proc/sys/vm/drop_caches}); without it every run is simply warm, as before.
 */
public final class PageCache {
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    /** Read size when warming inputs. Default: 1 MiB, large enough that syscalls do not matter. */
    private static final int READ_BYTES = 1 << 20;
    private final boolean enabled;
    private final List<Path> runtime;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BYTES);

    private PageCache(boolean enabled) {
        this.enabled = enabled;
        this.runtime = enabled ? runtimeFiles() : List.of();
    }

    /**
     * The JVM's libraries, larder's class path, its AOT caches and native libraries: warm for every run, as a
     * peer's binary is after its first run, so larder's start-up is not timed from a cold disk.
     */
    private static List<Path> runtimeFiles() {
        List<Path> files = new ArrayList<>();
        files.add(Path.of(System.getProperty("java.home"), "lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            files.add(Path.of(entry));
            if (entry.endsWith(".jar")) {
                files.add(LarderChild.aotCacheBeside(Path.of(entry)));
                files.add(LarderChild.storeAotCacheBeside(Path.of(entry)));
                files.add(Path.of(entry).resolveSibling("native").resolve("linux").resolve(System.getProperty("os.arch"))); // zstd's library
            }
        }
        return files;
    }

    /** A reset that drops the cache if {@code wanted} and permitted; says so on {@code log} if not permitted. */
    public static PageCache create(boolean wanted, PrintStream log) {
        if (!wanted) return new PageCache(false);
        try {
            Files.writeString(DROP_CACHES, "1");
            return new PageCache(true);
        } catch (IOException | SecurityException e) {
            log.println("larder bench store: cannot drop the page cache (" + e.getMessage() + "; needs root): every run is warm");
            return new PageCache(false);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Syncs, drops the page cache and reads every file under {@code inputs}; nothing if disabled. */
    void reset(ChildRun child, List<Path> inputs) throws IOException, InterruptedException {
        if (!enabled) return;
        child.run(List.of("sync"));
        Files.writeString(DROP_CACHES, "1");
        for (Path file : runtime) warm(file);
        for (Path input : inputs) warm(input);
    }

    private void warm(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) continue;
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    while (ch.read(buffer.clear()) > 0) {
                        // reading is the point
                    }
                }
            }
        }
    }
}
