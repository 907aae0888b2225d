package dev.larder.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaches paths longer than the kernel takes in one call (PATH_MAX, 4096 bytes), which deep
 * trees have. Such a path becomes {@code /proc/self/fd/N/./rest}: N is an O_PATH descriptor of
 * an ancestor directory (the shallowest whose remainder fits, so one descriptor serves a whole
 * subtree), and the kernel resolves the rest from there as it would resolve the whole path.
 * Java's file API then works on the path unchanged, so the walk and restore need no second,
 * descriptor-based code path. An ancestor beyond the limit itself is opened through its own alias.
 *
 * <p>One instance per operation, closed when the operation ends: every descriptor stays open until
 * then, because a closed number is reused by the next open and a path built on it would then
 * lead somewhere else. Without /proc, native access or Linux, and beyond
 * {@link #MAX_OPEN} descriptors, paths are returned as they are, and the call on them fails with
 * ENAMETOOLONG as before.
 */
final class LongPaths implements AutoCloseable {
    /**
     * Longest path passed to the kernel as it is: PATH_MAX less its NUL and room for a temp
     * sibling's name ({@code .larder-<16 hex>.tmp}, 28 bytes), which replaces the last name.
     */
    static final int LIMIT = 4095 - 28;
    /** Longest remainder after an alias prefix ({@code /proc/self/fd/<10 digits>/./}, 28 bytes). */
    private static final int REMAINDER = LIMIT - 28;
    /** Descriptors one operation may hold: one per ~4 KB of depth per subtree, so a few in practice. */
    static final int MAX_OPEN = 1024;
    private static final boolean AVAILABLE = LinuxCalls.OPEN != null && LinuxCalls.CLOSE != null && Files.isDirectory(Path.of("/proc/self/fd"));
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
        if (!enabled) return path;
        byte[] bytes = RawNames.bytes(path);
        if (bytes.length <= LIMIT) return path;
        if (!path.isAbsolute()) return reachable(path.toAbsolutePath());
        int cut = bytes.length - REMAINDER; // the anchor is the shallowest ancestor ending at or after it
        while (cut < bytes.length && bytes[cut] != '/') cut++;
        if (cut >= bytes.length - 1) return path; // no name fits: cannot be, with names of at most 255 bytes
        int fd = descriptor(RawNames.path(Arrays.copyOf(bytes, cut)));
        if (fd < 0) return path;
        return Path.of("/proc/self/fd/" + fd + "/.").resolve(RawNames.path(Arrays.copyOfRange(bytes, cut + 1, bytes.length)));
    }

    /** Open descriptors, for tests. */
    int descriptors() {
        return directories.size();
    }

    /** A descriptor of the directory {@code dir} (absolute), cached; -1 if it cannot be opened. */
    private int descriptor(Path dir) {
        Integer cached = directories.get(dir);
        if (cached != null) return cached;
        synchronized (this) {
            cached = directories.get(dir);
            if (cached != null) return cached;
            if (closed || directories.size() >= MAX_OPEN) return -1;
            int fd = LinuxCalls.open(reachable(dir), DIRECTORY); // a directory beyond the limit too: through its own, shallower anchor
            if (fd >= 0) directories.put(dir, fd);
            return fd;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        directories.values().forEach(LinuxCalls::close);
        directories.clear();
    }
}
