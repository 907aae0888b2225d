package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The C library calls the store makes through FFM, on Linux (x86-64 and arm64, whose open flags
 * are here). Each handle is null without native access, off Linux or when the C library lacks
 * the call; callers then fall back to Java's own file API.
 */
@SuppressWarnings("restricted") // native access is optional: without it every handle is null
final class LinuxCalls {
    private static final boolean LINUX = System.getProperty("os.name").equals("Linux")
            && (System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("aarch64"));

    /** O_DIRECTORY: 0200000 on x86-64, 040000 on arm64 (where 0200000 is O_DIRECT). */
    static final int O_DIRECTORY = "aarch64".equals(System.getProperty("os.arch")) ? 040000 : 0200000;
    /** O_NOFOLLOW: 0400000 on x86-64, 0100000 on arm64. */
    static final int O_NOFOLLOW = "aarch64".equals(System.getProperty("os.arch")) ? 0100000 : 0400000;
    /** O_PATH (opens nothing for reading, so never blocks on a fifo) and O_CLOEXEC are the same on both. */
    static final int O_PATH = 010000000;
    /** O_NONBLOCK: an open of what became a fifo since it was walked returns at once. Same on both. */
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    /** int open(const char *path, int flags): variadic, so the mode is never passed. */
    static final MethodHandle OPEN = find("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final MethodHandle CLOSE = find("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** int statx(int dirfd, const char *name, int flags, unsigned mask, struct statx *buf); see {@link DirectoryStat#decode}. */
    static final MethodHandle STATX = find("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    private LinuxCalls() {}

    /** open(2) of {@code path}: its descriptor, or -1 if it cannot be opened or the calls are not there. */
    static int open(Path path, int flags) {
        if (OPEN == null || CLOSE == null) return -1;
        byte[] bytes = RawNames.bytes(path);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocate(bytes.length + 1L); // zeroed: the NUL is there
            MemorySegment.copy(bytes, 0, cPath, JAVA_BYTE, 0, bytes.length);
            return (int) OPEN.invokeExact(cPath, flags);
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Longest path the kernel takes, with its NUL. */
    static final int PATH_MAX = 4096;

    /** Puts {@code path} into {@code buffer} (PATH_MAX bytes) as a C string; false if it is too long. */
    static boolean putPath(MemorySegment buffer, Path path) {
        byte[] name = RawNames.bytes(path);
        if (name.length >= PATH_MAX) return false;
        MemorySegment.copy(name, 0, buffer, JAVA_BYTE, 0, name.length);
        buffer.set(JAVA_BYTE, name.length, (byte) 0);
        return true;
    }

    /** close(2) of a descriptor only read through: nothing is lost if it fails. */
    static void close(int fd) {
        try {
            int _ = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            // the descriptor is gone either way
        }
    }

    static MethodHandle find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (!LINUX) return null;
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor, options);
        } catch (RuntimeException | Error e) {
            return null; // no native access, or an older C library
        }
    }
}
