package dev.larder.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where the bytes live: a fixed-size range of positional storage. Implementations count their
 * I/O in {@link #stats()}. With O_DIRECT, buffers, positions and lengths are block-aligned; the
 * engine guarantees that.
 */
public interface Device extends AutoCloseable {

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}, or throws. */
    void read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}, or throws. */
    void write(ByteBuffer src, long position) throws IOException;

    /** {@code fdatasync}: everything written before is on stable storage when this returns. */
    void sync() throws IOException;

    long sizeBytes();

    /** A read-only mapping of the whole device, if mapped reads were requested and possible. */
    Optional<MemorySegment> mapping();

    IoStats stats();

    @Override
    void close() throws IOException;
}
