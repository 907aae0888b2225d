package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a small file whole, with its size and mtime once read (to catch a file changing under
 * the snapshot). Through FFM it is four system calls, open, read, statx of the descriptor and
 * close, with the bytes read into the Java array in place (critical downcalls); Java's stream and
 * attribute read take eight (two fstats, an lseek, a read to see the end, and a stat of the whole
 * path again). Without native access or Linux, or if any call fails, it is Java's, which also
 * gives the proper exception.
 */
final class SmallFileRead {
    /** The file's bytes, and its attributes after they were read. */
    record Read(byte[] data, EntryStat after) {}

    private static final int AT_EMPTY_PATH = 0x1000;
    private static final byte[] EMPTY_PATH = {0};
    private static final Linker.Option IN_PLACE = Linker.Option.critical(true);
    private static final MethodHandle OPEN = LinuxCalls.find("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2), IN_PLACE);
    private static final MethodHandle READ = LinuxCalls.find("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), IN_PLACE);
    private static final MethodHandle STATX = LinuxCalls.find("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), IN_PLACE);
    private static final MethodHandle CLOSE = LinuxCalls.CLOSE;
    private static final boolean NATIVE = OPEN != null && READ != null && STATX != null && CLOSE != null;

    private SmallFileRead() {}

    /** True if reads go through FFM, not Java's stream. */
    static boolean nativeCalls() {
        return NATIVE;
    }

    /** Reads {@code file}, a regular file of about {@code expectedSize} bytes, never following a symlink. */
    static Read read(Path file, long expectedSize) throws IOException {
        if (NATIVE) {
            Read read = readNative(file, (int) expectedSize);
            if (read != null) return read;
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            data = in.readAllBytes();
        }
        return new Read(data, EntryStat.lstat(file));
    }

    /**
     * The file's bytes, read into an array of the size the walk saw; null on any failure, and
     * for a file grown since (rare, and reported as changed by the caller either way).
     */
    private static Read readNative(Path file, int expectedSize) {
        byte[] path = RawNames.bytes(file);
        byte[] cPath = Arrays.copyOf(path, path.length + 1);
        int fd;
        try {
            fd = (int) OPEN.invokeExact(MemorySegment.ofArray(cPath), LinuxCalls.O_NOFOLLOW | LinuxCalls.O_NONBLOCK | LinuxCalls.O_CLOEXEC); // O_RDONLY is 0
        } catch (Throwable e) {
            return null;
        }
        if (fd < 0) return null;
        try {
            byte[] data = new byte[expectedSize];
            MemorySegment into = MemorySegment.ofArray(data);
            int filled = 0;
            while (filled < expectedSize) {
                long n = (long) READ.invokeExact(fd, into.asSlice(filled), (long) (expectedSize - filled));
                if (n < 0) return null;
                if (n == 0) break; // shrunk since the walk
                filled += (int) n;
            }
            long[] statx = new long[DirectoryStat.STATX_BYTES / Long.BYTES];
            if ((int) STATX.invokeExact(fd, MemorySegment.ofArray(EMPTY_PATH), AT_EMPTY_PATH, DirectoryStat.STATX_BASIC_STATS,
                    MemorySegment.ofArray(statx)) != 0) {
                return null;
            }
            EntryStat after = DirectoryStat.decode(MemorySegment.ofArray(statx));
            if (after == null || after.size() > filled) return null; // grown: Java's stream reads it to its end
            return new Read(filled == expectedSize ? data : Arrays.copyOf(data, filled), after);
        } catch (Throwable e) {
            return null;
        } finally {
            try {
                int _ = (int) CLOSE.invokeExact(fd);
            } catch (Throwable e) {
                // read-only: nothing to lose
            }
        }
    }
}
