package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Sets a restored entry's mtime (and its atime to now, as tar does) with one utimensat(2) on the
 * path. Java's setTimes opens the entry, sets the times through the descriptor and closes it:
 * three calls where one will do, and restore makes one per entry. Without native access it
 * falls back to Java's setTimes.
 */
@SuppressWarnings("restricted") // native access is optional: without it the static block falls back
final class FileTimes {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final MethodHandle UTIMENSAT;

    static {
        MethodHandle utimensat = null;
        try {
            Linker linker = Linker.nativeLinker();
            utimensat = linker.downcallHandle(linker.defaultLookup().find("utimensat").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        } catch (RuntimeException | Error e) {
            // no native access, or no such call: Java's setTimes below
        }
        UTIMENSAT = utimensat;
    }

    private FileTimes() {}

    /** Sets {@code p}'s mtime without following a symlink at {@code p}. */
    static void setMtime(Path p, long mtimeNs) throws IOException {
        if (UTIMENSAT != null && utimensat(p, mtimeNs)) return;
        // also the way to a proper exception when the call failed
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(mtimeNs, TimeUnit.NANOSECONDS), FileTime.fromMillis(System.currentTimeMillis()), null);
    }

    private static boolean utimensat(Path p, long mtimeNs) {
        byte[] path = RawNames.bytes(p);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocate(path.length + 1L);
            MemorySegment.copy(path, 0, cPath, JAVA_BYTE, 0, path.length);
            MemorySegment times = arena.allocate(JAVA_LONG, 4); // {atime, mtime} as {tv_sec, tv_nsec}
            times.setAtIndex(JAVA_LONG, 1, UTIME_NOW);
            times.setAtIndex(JAVA_LONG, 2, Math.floorDiv(mtimeNs, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 3, Math.floorMod(mtimeNs, 1_000_000_000L));
            return (int) UTIMENSAT.invokeExact(AT_FDCWD, cPath, times, AT_SYMLINK_NOFOLLOW) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
