package dev.larder.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reusable direct buffers aligned to the block size (O_DIRECT needs aligned addresses), in
 * power-of-two size classes from one block up to {@code maxPooledBytes}. Each class keeps at most
 * {@code buffersPerClass} idle buffers, so the pool's footprint is bounded; larger requests are
 * allocated and dropped. Steady-state reads therefore allocate no direct memory.
 */
public final class AlignedBufferPool {
    private final int alignment;
    private final int minShift;
    private final ArrayBlockingQueue<ByteBuffer>[] classes;
    private final LongAdder allocatedBytes = new LongAdder();

    @SuppressWarnings("unchecked")
    public AlignedBufferPool(int alignment, int maxPooledBytes, int buffersPerClass) {
        if (Integer.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        this.alignment = alignment;
        this.minShift = Integer.numberOfTrailingZeros(alignment);
        int maxShift = 32 - Integer.numberOfLeadingZeros(Math.max(alignment, maxPooledBytes) - 1);
        this.classes = new ArrayBlockingQueue[maxShift - minShift + 1];
        for (int i = 0; i < classes.length; i++) classes[i] = new ArrayBlockingQueue<>(buffersPerClass);
    }

    /** A little-endian buffer with position 0 and limit {@code bytes}. */
    public ByteBuffer acquire(int bytes) {
        int cls = sizeClass(bytes);
        ByteBuffer buffer = cls < classes.length ? classes[cls].poll() : null;
        if (buffer == null) buffer = allocate(cls < classes.length ? 1 << (cls + minShift) : roundUp(bytes));
        return buffer.clear().limit(bytes);
    }

    public void release(ByteBuffer buffer) {
        int cls = Integer.numberOfTrailingZeros(buffer.capacity()) - minShift;
        if (Integer.bitCount(buffer.capacity()) == 1 && cls >= 0 && cls < classes.length) {
            classes[cls].offer(buffer);
        }
    }

    /** Direct bytes allocated by this pool so far (idle plus in use plus dropped). */
    public long allocatedBytes() {
        return allocatedBytes.sum();
    }

    private ByteBuffer allocate(int bytes) {
        allocatedBytes.add(bytes);
        return allocateAligned(bytes, alignment);
    }

    /** A direct little-endian buffer of exactly {@code bytes}, its address aligned to {@code alignment}. */
    public static ByteBuffer allocateAligned(int bytes, int alignment) {
        // alignedSlice also rounds the end down to the alignment, so reserve whole aligned units
        int whole = (bytes + alignment - 1) & -alignment;
        return ByteBuffer.allocateDirect(whole + alignment).alignedSlice(alignment).slice(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int sizeClass(int bytes) {
        int shift = 32 - Integer.numberOfLeadingZeros(Math.max(bytes, alignment) - 1);
        return shift - minShift;
    }

    private int roundUp(int bytes) {
        return (bytes + alignment - 1) & -alignment;
    }
}
