package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * lstat of one directory's entries by name, relative to a descriptor of the directory: statx(2)
 * with the entry's name alone, as find does. Java's lstat takes the whole path, and the kernel
 * walks every component of it again for each entry: path lookups were the largest kernel cost of
 * an unchanged snapshot (docs/performance.md). Without native access, statx or Linux, and for
 * any entry statx cannot answer, it is Java's lstat of the path ({@link EntryStat#lstat}), which
 * also gives the proper exception.
 *
 * <p>Confined to the thread that opened it.
 */
final class DirectoryStat implements AutoCloseable {
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_NEEDED = 0x1 | 0x2 | 0x40 | 0x100 | 0x200; // type, mode, mtime, ino, size
    static final int STATX_BYTES = 256;
    private static final int NAME_MAX = 255;
    private static final MethodHandle STATX = LinuxCalls.STATX;

    private final Arena arena;
    private final int fd;
    private final MemorySegment name;
    private final MemorySegment buffer;

    private DirectoryStat(Arena arena, int fd) {
        this.arena = arena;
        this.fd = fd;
        this.name = arena == null ? null : arena.allocate(NAME_MAX + 1L);
        this.buffer = arena == null ? null : arena.allocate(STATX_BYTES, 8);
    }

    /** A reader for the entries of {@code dir}; never fails (at worst every lstat is Java's). */
    static DirectoryStat open(Path dir) {
        int fd = STATX == null ? -1 : LinuxCalls.open(dir, LinuxCalls.O_PATH | LinuxCalls.O_CLOEXEC);
        return fd < 0 ? new DirectoryStat(null, -1) : new DirectoryStat(Arena.ofConfined(), fd);
    }

    /** The attributes of {@code child}, an entry of this directory, without following a symlink. */
    EntryStat lstat(Path child) throws IOException {
        if (fd >= 0) {
            EntryStat stat = statx(RawNames.bytes(child));
            if (stat != null) return stat;
        }
        return EntryStat.lstat(child);
    }

    private EntryStat statx(byte[] path) {
        int start = path.length;
        while (start > 0 && path[start - 1] != '/') start--;
        int length = path.length - start;
        if (length == 0 || length > NAME_MAX) return null;
        MemorySegment.copy(path, start, name, JAVA_BYTE, 0, length);
        name.set(JAVA_BYTE, length, (byte) 0);
        try {
            if ((int) STATX.invokeExact(fd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buffer) != 0) return null;
        } catch (Throwable e) {
            return null;
        }
        return decode(buffer);
    }

    /** The attributes in a {@code struct statx} filled for {@link #STATX_BASIC_STATS}; null if it lacks one needed. */
    static EntryStat decode(MemorySegment statx) {
        if ((statx.get(JAVA_INT, 0) & STATX_NEEDED) != STATX_NEEDED) return null;
        int mode = statx.get(JAVA_SHORT, 28) & 0xffff;
        long inode = statx.get(JAVA_LONG, 32);
        long size = statx.get(JAVA_LONG, 40);
        long mtimeNs = statx.get(JAVA_LONG, 112) * 1_000_000_000L + (statx.get(JAVA_INT, 120) & 0xffffffffL);
        long device = stDev(statx.get(JAVA_INT, 136) & 0xffffffffL, statx.get(JAVA_INT, 140) & 0xffffffffL);
        return new EntryStat(mode, size, mtimeNs, inode, device);
    }

    /** True if lstats go to statx through a descriptor of the directory, not through Java. */
    boolean relative() {
        return fd >= 0;
    }

    /** glibc's makedev: the st_dev an lstat (and Java's unix:dev) reports for these numbers. */
    static long stDev(long major, long minor) {
        return (major & 0xfffL) << 8 | (major & 0xfffff000L) << 32 | minor & 0xffL | (minor & 0xffffff00L) << 12;
    }

    @Override
    public void close() {
        if (arena == null) return;
        LinuxCalls.close(fd);
        arena.close();
    }
}
