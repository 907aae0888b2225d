package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaches paths longer than the kernel takes in one call (PATH_MAX, 4096 bytes), which deep
 * trees have. Such a path becomes {@code /proc/self/fd/N/./name}: N is an O_PATH descriptor of its
 * directory, opened component by component with openat(2) (O_NOFOLLOW below the first short
 * ancestor, so no symlink is followed on the way down), and the kernel resolves the rest from
 * that directory. Java's file API then works on the path unchanged, so the walk and restore need
 * no second, descriptor-based code path.
 *
 * <p>One instance per operation, closed when the operation ends: every descriptor stays open until
 * then, because a closed number is reused by the next open and a path built on it would then
 * lead somewhere else. Descriptors are cached per directory, so a tree deep below the limit costs
 * one openat per directory. Without /proc, native access or Linux, and beyond {@link #MAX_OPEN}
 * directories, paths are returned as they are and the call on them fails with ENAMETOOLONG, as before.
 */
final class LongPaths implements AutoCloseable {
    /** Longest path passed to the kernel as it is: PATH_MAX with room for the NUL. */
    static final int LIMIT = 4095;
    /** Descriptors one operation may hold: well under the JVM's raised limit, with room for the files it writes. */
    static final int MAX_OPEN = 4096;
    private static final MethodHandle OPEN = LinuxCalls.OPEN;
    private static final MethodHandle OPENAT = LinuxCalls.OPENAT;
    private static final MethodHandle CLOSE = LinuxCalls.CLOSE;
    private static final boolean AVAILABLE =
            OPEN != null && OPENAT != null && CLOSE != null && Files.isDirectory(Path.of("/proc/self/fd"));
    private static final int DIRECTORY = LinuxCalls.O_PATH | LinuxCalls.O_DIRECTORY | LinuxCalls.O_CLOEXEC;
    /** Returns every path as it is: for callers whose paths outlive any instance. */
    static final LongPaths NONE = new LongPaths(false);

    private final boolean enabled;
    private final Map<Path, Integer> directories = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this

    private LongPaths(boolean enabled) {
        this.enabled = enabled;
    }

    static LongPaths open() {
        return new LongPaths(AVAILABLE);
    }

    /** {@code path} itself if the kernel takes it, else a short path to the same entry (valid until {@link #close}). */
    Path reachable(Path path) {
        if (!enabled || RawNames.bytes(path).length <= LIMIT || !path.isAbsolute()) return path;
        Path parent = path.getParent();
        int fd = directory(parent);
        // "/." so the entry's parent is the directory itself, not the descriptor's symlink in /proc
        return fd < 0 ? path : Path.of("/proc/self/fd/" + fd + "/.").resolve(path.getFileName());
    }

    /** A descriptor of {@code dir} from the cache, or opened from its nearest cached or short ancestor down; -1 if it cannot be. */
    private int directory(Path dir) {
        Integer cached = directories.get(dir);
        if (cached != null) return cached;
        synchronized (this) {
            if (closed) return -1;
            Deque<Path> below = new ArrayDeque<>();
            Path at = dir;
            int fd;
            while (true) {
                cached = directories.get(at);
                if (cached != null) {
                    fd = cached;
                    break;
                }
                if (RawNames.bytes(at).length <= LIMIT) {
                    fd = keep(at, call(-1, at, DIRECTORY));
                    break;
                }
                below.push(at);
                at = at.getParent();
            }
            while (fd >= 0 && !below.isEmpty()) {
                Path next = below.pop();
                fd = keep(next, call(fd, next.getFileName(), DIRECTORY | LinuxCalls.O_NOFOLLOW));
            }
            return fd;
        }
    }

    private int keep(Path dir, int fd) {
        if (fd < 0) return -1;
        if (directories.size() >= MAX_OPEN) {
            closeQuietly(fd);
            return -1;
        }
        directories.put(dir, fd);
        return fd;
    }

    /** open(path), or openat(dirFd, name) when {@code dirFd} is a descriptor; -1 on any failure. */
    private static int call(int dirFd, Path name, int flags) {
        byte[] bytes = RawNames.bytes(name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, cName, JAVA_BYTE, 0, bytes.length);
            return dirFd < 0 ? (int) OPEN.invokeExact(cName, flags) : (int) OPENAT.invokeExact(dirFd, cName, flags);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            int _ = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            // an O_PATH descriptor holds nothing to flush
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        directories.values().forEach(LongPaths::closeQuietly);
        directories.clear();
    }
}
