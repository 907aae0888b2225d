package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Creates a restored file whose content is already in memory: open (exclusive, never through a
 * symlink, with its mode), write, fchmod if the umask took bits away, futimens and close, all on
 * the descriptor and straight from a native buffer. Java's channel copies a heap buffer into a
 * temporary native one on every write and sets the time by path after the close; the content
 * here was decompressed into native memory and hashed there, so it is never copied again. The
 * calls are not critical downcalls: a write may wait for writeback. Only where
 * {@link #available()}: with native access, on Linux.
 *
 * <p>Used by one thread at a time (its memory is shared, so a pool may hand it to any thread).
 */
final class SmallFileWrite implements AutoCloseable {
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    /** int open(const char *path, int flags, mode_t mode): variadic from the mode on. */
    private static final MethodHandle OPEN = LinuxCalls.find("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = LinuxCalls.find("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FCHMOD = LinuxCalls.find("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FUTIMENS = LinuxCalls.find("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle UNLINK = LinuxCalls.find("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final boolean NATIVE = OPEN != null && WRITE != null && FCHMOD != null && FUTIMENS != null
            && UNLINK != null && LinuxCalls.CLOSE != null;
    private static final long UTIME_NOW = (1L << 30) - 1;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment path = arena.allocate(LinuxCalls.PATH_MAX);
    private final MemorySegment times = arena.allocate(JAVA_LONG, 4); // {atime, mtime} as {tv_sec, tv_nsec}
    private ByteBuffer data;

    /** True where the calls are available; else there is nothing to construct. */
    static boolean available() {
        return NATIVE;
    }

    /** A direct buffer of at least {@code bytes} (at most a record read whole), cleared, for the next file's content; reused. */
    ByteBuffer buffer(int bytes) {
        if (bytes > BlobReader.IN_MEMORY_LIMIT_BYTES) throw new IllegalArgumentException(bytes + " bytes are streamed, not held whole");
        if (data == null || data.capacity() < bytes) {
            data = ByteBuffer.allocateDirect(Math.max(64 * 1024, Integer.highestOneBit(Math.max(1, bytes - 1)) * 2));
        }
        return data.clear();
    }

    /**
     * Creates {@code file} with {@code mode} (exclusively, not following a symlink) holding the
     * remaining bytes of {@code content}, a direct buffer; sets its mtime to {@code mtimeNs} (and
     * its atime to now) once the bytes are written. True if the file is complete; false if nothing
     * is left behind: it could not be created (the caller's Java path then says why), or not
     * completed and was removed again.
     */
    boolean create(Path file, int mode, boolean chmod, ByteBuffer content, long mtimeNs) {
        if (!LinuxCalls.putPath(path, file)) return false;
        int fd;
        try {
            fd = (int) OPEN.invokeExact(path, O_WRONLY | O_CREAT | O_EXCL | LinuxCalls.O_NOFOLLOW | LinuxCalls.O_CLOEXEC, mode & 0777);
        } catch (Throwable e) {
            return false;
        }
        if (fd < 0) return false;
        boolean complete = false;
        try {
            complete = writeAll(fd, MemorySegment.ofBuffer(content)) && (!chmod || (int) FCHMOD.invokeExact(fd, mode & 07777) == 0)
                    && setTimes(fd, mtimeNs);
        } catch (Throwable e) {
            complete = false;
        } finally {
            try {
                complete &= (int) LinuxCalls.CLOSE.invokeExact(fd) == 0;
            } catch (Throwable e) {
                complete = false;
            }
        }
        if (complete) return true;
        try {
            int _ = (int) UNLINK.invokeExact(path); // ours: created exclusively above
        } catch (Throwable e) {
            // the caller's Java path fails on it and says so
        }
        return false;
    }

    private static boolean writeAll(int fd, MemorySegment bytes) throws Throwable {
        for (long done = 0; done < bytes.byteSize(); ) {
            long n = (long) WRITE.invokeExact(fd, bytes.asSlice(done), bytes.byteSize() - done);
            if (n <= 0) return false;
            done += n;
        }
        return true;
    }

    private boolean setTimes(int fd, long mtimeNs) throws Throwable {
        times.setAtIndex(JAVA_LONG, 1, UTIME_NOW);
        times.setAtIndex(JAVA_LONG, 2, Math.floorDiv(mtimeNs, 1_000_000_000L));
        times.setAtIndex(JAVA_LONG, 3, Math.floorMod(mtimeNs, 1_000_000_000L));
        return (int) FUTIMENS.invokeExact(fd, times) == 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
