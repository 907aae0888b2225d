package dev.larder.bench.disk;

import dev.larder.io.Preallocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The device's sequential write bandwidth as plain Java sees it: 1 MiB positional writes from a
 * direct buffer into a preallocated file (as Larder's file is), then one {@code force(false)}
 * (fdatasync, as Larder syncs). Only the writes and the sync are timed, not the file's creation.
 */
final class RawSequentialWrite {
    static final int BUFFER_BYTES = 1 << 20;

    /** Elapsed time and how the file was preallocated. */
    record Result(long elapsedNs, String preallocation) {}

    private RawSequentialWrite() {}

    static Result run(Path file, long totalBytes) throws IOException {
        ByteBuffer buffer = randomDirectBuffer();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            String preallocation = Preallocator.preallocate(file, channel, totalBytes);
            long startNs = System.nanoTime();
            for (long pos = 0; pos < totalBytes; ) {
                buffer.clear().limit((int) Math.min(BUFFER_BYTES, totalBytes - pos));
                while (buffer.hasRemaining()) pos += channel.write(buffer, pos);
            }
            channel.force(false);
            return new Result(System.nanoTime() - startNs, preallocation);
        }
    }

    private static ByteBuffer randomDirectBuffer() {
        byte[] bytes = new byte[BUFFER_BYTES];
        new SplittableRandom(42).nextBytes(bytes);
        return ByteBuffer.allocateDirect(BUFFER_BYTES).put(bytes).flip();
    }
}
