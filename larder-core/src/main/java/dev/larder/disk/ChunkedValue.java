package dev.larder.disk;

import java.nio.ByteBuffer;

/**
 * A value stored in chunks (larger than one region), read piece by piece instead of assembled, so
 * a server can send it on through one chunk-sized buffer, which may be off-heap. Each chunk is
 * verified (checksum, key) as it is copied. Chunks stay readable until their region is reused;
 * after that {@link #copyChunk} reports the value gone, and a reader that already sent part of it
 * must abandon what it sent.
 */
public interface ChunkedValue {
    /** The value's length in bytes. */
    long length();

    int chunkCount();

    /** The largest chunk, for sizing the buffer {@link #copyChunk} copies into. */
    int maxChunkBytes();

    /**
     * Copies chunk {@code index} (0-based, in order) into {@code target} at its position, advancing
     * it; returns the chunk's length, or -1 if the chunk is gone (its region was reused) or damaged.
     *
     * @throws java.nio.BufferOverflowException if {@code target} has less room than the chunk
     */
    int copyChunk(int index, ByteBuffer target);
}
