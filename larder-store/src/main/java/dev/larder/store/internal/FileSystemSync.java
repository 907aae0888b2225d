package dev.larder.store.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A restore's one sync at the end: syncfs(2) of the target's filesystem, one call for every file
 * and directory written. Syncing each file instead means opening it again, which a file restored
 * without its owner's read bit refuses to anyone but root. Without native access or off Linux
 * the caller syncs file by file.
 */
final class FileSystemSync {
    private static final int O_RDONLY = 0;
    private static final MethodHandle SYNCFS = LinuxCalls.find("syncfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private FileSystemSync() {}

    /** Syncs the filesystem holding directory {@code dir}; false if that could not be done this way. */
    static boolean syncfs(Path dir) {
        if (SYNCFS == null) return false;
        int fd = LinuxCalls.open(dir, O_RDONLY | LinuxCalls.O_DIRECTORY | LinuxCalls.O_CLOEXEC);
        if (fd < 0) return false;
        try {
            return (int) SYNCFS.invokeExact(fd) == 0;
        } catch (Throwable e) {
            return false;
        } finally {
            LinuxCalls.close(fd);
        }
    }
}
