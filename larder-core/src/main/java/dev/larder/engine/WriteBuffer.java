package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import java.nio.ByteBuffer;

/**
 * The in-memory image of one region being written: records are appended at {@code appendPos} and
 * written to the device from {@code flushedPos}. Bytes below {@code appendPos} never change until
 * the buffer is reopened for another region, so the flusher writes them without holding the lock.
 * Guarded by the {@link RegionWriter}'s lock.
 */
final class WriteBuffer {
    final ByteBuffer data;
    int region = -1;
    long epoch;
    int appendPos;
    int flushedPos;

    WriteBuffer(int regionSize, int blockSize) {
        data = AlignedBufferPool.allocateAligned(regionSize, blockSize);
    }

    /** Starts {@code region} with a header block carrying {@code epoch}. */
    void open(int region, long epoch, int blockSize) {
        this.region = region;
        this.epoch = epoch;
        data.put(0, new byte[blockSize]);
        RegionHeaderDescriptor.write(data, 0, region, epoch);
        appendPos = blockSize;
        flushedPos = 0;
    }

    int remaining() {
        return data.capacity() - appendPos;
    }

    boolean fullyFlushed() {
        return flushedPos == appendPos;
    }
}
