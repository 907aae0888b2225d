package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads small files whole, each with its size and mtime once read (to catch a file changing
 * under the snapshot). Through FFM it is four system calls, open, read, statx of the descriptor
 * and close, into a buffer this reader keeps; Java's stream and attribute read take eight (two
 * fstats, an lseek, a read to see the end, and a stat of the whole path again). The calls are
 * not critical downcalls, since a read may wait on a slow disk and the JVM must reach safepoints
 * meanwhile. Without native access or Linux, or if any call fails, it is Java's, which also gives
 * the proper exception.
 *
 * <p>Confined to the thread that opened it.
 */
final class SmallFileRead implements AutoCloseable {
    /** The file's bytes, and its attributes after they were read. */
    record Read(byte[] data, EntryStat after) {}

    private static final int AT_EMPTY_PATH = 0x1000;
    private static final MethodHandle OPEN = LinuxCalls.OPEN;
    private static final MethodHandle READ = LinuxCalls.find("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle STATX = LinuxCalls.STATX;
    private static final boolean NATIVE = OPEN != null && READ != null && STATX != null && LinuxCalls.CLOSE != null;

    private final Arena arena;
    private final MemorySegment path;
    private final MemorySegment statx;
    private final MemorySegment emptyPath;
    private Arena dataArena;
    private MemorySegment data;

    private SmallFileRead(Arena arena) {
        this.arena = arena;
        this.path = arena == null ? null : arena.allocate(LinuxCalls.PATH_MAX);
        this.statx = arena == null ? null : arena.allocate(DirectoryStat.STATX_BYTES, 8);
        this.emptyPath = arena == null ? null : arena.allocate(1);
    }

    /** A reader for this thread. */
    static SmallFileRead open() {
        return new SmallFileRead(NATIVE ? Arena.ofConfined() : null);
    }

    /** True if reads go through FFM, not Java's stream. */
    static boolean nativeCalls() {
        return NATIVE;
    }

    /** Reads {@code file}, a regular file of about {@code expectedSize} bytes, never following a symlink. */
    Read read(Path file, long expectedSize) throws IOException {
        if (arena != null) {
            Read read = readNative(file, (int) expectedSize);
            if (read != null) return read;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readAllBytes();
        }
        return new Read(bytes, EntryStat.lstat(file));
    }

    /**
     * The file's bytes, read into a buffer of the size the walk saw; null on any failure, and
     * for a file grown since (rare, and reported as changed by the caller either way).
     */
    Read readNative(Path file, int expectedSize) {
        if (!LinuxCalls.putPath(path, file)) return null;
        int fd;
        try {
            // O_RDONLY is 0; O_NONBLOCK so that a file replaced by a fifo since the walk returns at once
            fd = (int) OPEN.invokeExact(path, LinuxCalls.O_NOFOLLOW | LinuxCalls.O_NONBLOCK | LinuxCalls.O_CLOEXEC);
        } catch (Throwable e) {
            return null;
        }
        if (fd < 0) return null;
        try {
            MemorySegment into = buffer(expectedSize);
            long filled = 0;
            while (filled < expectedSize) {
                long n = (long) READ.invokeExact(fd, into.asSlice(filled), expectedSize - filled);
                if (n < 0) return null;
                if (n == 0) break; // shrunk since the walk
                filled += n;
            }
            if ((int) STATX.invokeExact(fd, emptyPath, AT_EMPTY_PATH, DirectoryStat.STATX_BASIC_STATS, statx) != 0) return null;
            EntryStat after = DirectoryStat.decode(statx);
            if (after == null || after.size() > filled) return null; // grown: Java's stream reads it to its end
            return new Read(into.asSlice(0, filled).toArray(JAVA_BYTE), after);
        } catch (Throwable e) {
            return null;
        } finally {
            LinuxCalls.close(fd);
        }
    }

    /** The data buffer, at least {@code bytes} long: grown to the next power of two, the old one freed. */
    private MemorySegment buffer(int bytes) {
        if (data == null || data.byteSize() < bytes) {
            if (dataArena != null) dataArena.close();
            dataArena = Arena.ofConfined();
            data = dataArena.allocate(Math.max(64 * 1024, Integer.highestOneBit(Math.max(1, bytes - 1)) * 2L));
        }
        return data;
    }

    @Override
    public void close() {
        if (dataArena != null) dataArena.close();
        if (arena != null) arena.close();
    }
}
