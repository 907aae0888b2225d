package dev.larder.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value of a {@link RecordDescriptor#LARGE} record: where the chunks of a value larger than a
 * region were written. A chunk is valid only while its region still has the epoch recorded here,
 * so an evicted chunk makes the whole value a miss, never a patchwork. Little-endian.
 *
 * <pre>
 *  0             4            8                       8 + 16 * count
 *  +-------------+------------+-----------+-----------+---
 *  | totalLength | chunkCount | location0 | epoch0    | location1 | epoch1 | ...
 *  +-------------+------------+-----------+-----------+---
 * </pre>
 */
final class LargeValueManifest {
    static final int TOTAL_LENGTH_OFFSET = 0;
    static final int CHUNK_COUNT_OFFSET = 4;
    static final int CHUNKS_OFFSET = 8;
    static final int CHUNK_ENTRY_BYTES = 16;

    private final ByteBuffer bytes;

    private LargeValueManifest(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    static LargeValueManifest of(byte[] manifest) {
        return new LargeValueManifest(ByteBuffer.wrap(manifest).order(ByteOrder.LITTLE_ENDIAN));
    }

    static byte[] encode(int totalLength, long[] locations, long[] epochs) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNKS_OFFSET + CHUNK_ENTRY_BYTES * locations.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(totalLength).putInt(locations.length);
        for (int i = 0; i < locations.length; i++) buffer.putLong(locations[i]).putLong(epochs[i]);
        return buffer.array();
    }

    /** False if the manifest's own lengths are inconsistent (it is checksummed, so only on bugs). */
    boolean wellFormed() {
        return bytes.capacity() >= CHUNKS_OFFSET && chunkCount() >= 0
                && bytes.capacity() == CHUNKS_OFFSET + (long) CHUNK_ENTRY_BYTES * chunkCount() && totalLength() >= 0;
    }

    int totalLength() {
        return bytes.getInt(TOTAL_LENGTH_OFFSET);
    }

    int chunkCount() {
        return bytes.getInt(CHUNK_COUNT_OFFSET);
    }

    long location(int chunk) {
        return bytes.getLong(CHUNKS_OFFSET + CHUNK_ENTRY_BYTES * chunk);
    }

    long epoch(int chunk) {
        return bytes.getLong(CHUNKS_OFFSET + CHUNK_ENTRY_BYTES * chunk + 8);
    }
}
