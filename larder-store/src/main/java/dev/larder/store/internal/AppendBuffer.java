package dev.larder.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Gathers appends to one segment in a direct buffer and writes them with one positional write
 * when it fills or on {@link #flush}: a pack of small files otherwise costs two syscalls per
 * record. An append larger than the buffer is written straight through after a flush. Not
 * thread-safe; {@link PackWriter} calls it under its lock.
 */
final class AppendBuffer {
    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer buffer;
    /** File offset where the buffer's first byte goes. */
    private long flushedTo;

    AppendBuffer(FileChannel channel, Path file, long position, ByteBuffer buffer) {
        this.channel = channel;
        this.file = file;
        this.flushedTo = position;
        this.buffer = buffer.clear();
    }

    /** Appends the remaining bytes of each part, in order, as one contiguous run. */
    void put(ByteBuffer... parts) throws IOException {
        long length = 0;
        for (ByteBuffer p : parts) length += p.remaining();
        if (length > buffer.remaining()) flush();
        if (length > buffer.capacity()) {
            for (ByteBuffer p : parts) flushedTo = PackWriter.writeFully(channel, file, p, flushedTo);
            return;
        }
        for (ByteBuffer p : parts) buffer.put(p);
    }

    /** Writes what is gathered; afterwards the file holds every appended byte. */
    void flush() throws IOException {
        buffer.flip();
        flushedTo = PackWriter.writeFully(channel, file, buffer, flushedTo);
        buffer.clear();
    }

    /** After someone else wrote the file directly up to {@code position} (nothing may be pending). */
    void restartAt(long position) {
        if (buffer.position() != 0) throw new IllegalStateException("unflushed appends would be overwritten");
        flushedTo = position;
    }
}
