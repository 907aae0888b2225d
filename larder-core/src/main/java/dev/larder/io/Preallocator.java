package dev.larder.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reserves a file's blocks up front so that writes inside it can never fail with ENOSPC.
 * {@code FileChannel} can only make sparse files, so this calls {@code posix_fallocate} through
 * FFM; without native access (no {@code --enable-native-access}) it falls back to writing zeros.
 * Public for the benchmarks, whose raw-write baseline must sit on the same kind of extents.
 */
@SuppressWarnings("restricted") // native access is optional: without it the static block falls back to zeros
public final class Preallocator {
    private static final int O_WRONLY = 1;
    private static final int ENOSPC = 28;
    private static final MethodHandle OPEN;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle open = null, fallocate = null, close = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
            fallocate = linker.downcallHandle(libc.find("posix_fallocate").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
            close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        } catch (RuntimeException e) {
            System.err.println("larder: posix_fallocate unavailable (" + e.getMessage()
                    + "); preallocating by writing zeros. Run with --enable-native-access=ALL-UNNAMED.");
        }
        OPEN = open;
        FALLOCATE = fallocate;
        CLOSE = close;
    }

    private Preallocator() {}

    /** Reserves {@code sizeBytes} for {@code path}; returns how: "posix_fallocate" or "zeros". */
    public static String preallocate(Path path, FileChannel channel, long sizeBytes) throws IOException {
        if (FALLOCATE != null && fallocate(path, sizeBytes)) return "posix_fallocate";
        writeZeros(channel, sizeBytes);
        return "zeros";
    }

    /** @return false if the call itself was unavailable (the caller falls back) */
    private static boolean fallocate(Path path, long sizeBytes) throws IOException {
        int error;
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toString()), O_WRONLY);
            if (fd < 0) return false;
            try {
                error = (int) FALLOCATE.invokeExact(fd, 0L, sizeBytes);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (error == ENOSPC) throw new IOException("No space left on device while preallocating " + sizeBytes + " bytes for " + path);
        if (error != 0) return false; // e.g. EOPNOTSUPP on some filesystems
        return true;
    }

    private static void writeZeros(FileChannel channel, long sizeBytes) throws IOException {
        ByteBuffer zeros = AlignedBufferPool.allocateAligned(1 << 20, 4096); // O_DIRECT-safe
        for (long pos = 0; pos < sizeBytes; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), sizeBytes - pos));
            pos += channel.write(zeros, pos);
        }
    }
}
