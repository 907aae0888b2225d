package dev.larder.tier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers which keys hit the disk tier lately, so that a full memory tier admits only a key's
 * repeat hit (the doorkeeper of the TinyLFU paper). When memory is full every promotion evicts
 * something; a key read once from data many times larger than memory would be evicted again before
 * its next read, so promoting it buys an insert, an eviction and garbage, and no later hit.
 *
 * <p>Two bits per key in a bitset sized for the window at eight bits per key, so about one
 * first hit in twenty passes as a repeat. "Lately" means the last {@code window} recorded hits;
 * then the bitset starts empty. Written here rather than taken from a library because it is
 * twenty lines, and a Bloom filter library neither resets by window nor sets bits atomically.
 * Safe for concurrent callers; a hit recorded into a bitset just replaced is merely forgotten.
 */
final class RepeatHitFilter {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int MIN_WINDOW = 1024;
    private static final int MAX_WORDS = 1 << 21; // 16 MiB of bits: a window of 16 M keys

    private volatile Window current = new Window(MIN_WINDOW);

    /** A bitset and how many hits it may take before it is replaced. */
    private record Window(long[] words, long capacity, AtomicLong recorded) {
        Window(long keys) {
            this(new long[words(keys)], keys, new AtomicLong());
        }

        private static int words(long keys) {
            long bits = Long.highestOneBit(Math.max(keys, 1) * 8 - 1) << 1; // a power of two ≥ 8 per key
            return (int) Math.min(MAX_WORDS, Math.max(bits >>> 6, 1));
        }
    }

    /**
     * Records a disk hit on the key with this hash and says whether the key hit the disk within
     * the window. {@code window} is how many hits "lately" spans (the memory tier's entry count,
     * so that a key read twice while memory turns over once is kept).
     */
    boolean recordHit(int hash, long window) {
        Window w = current;
        if (w.recorded().incrementAndGet() > w.capacity()) {
            w = new Window(Math.max(window, MIN_WINDOW));
            current = w;
        }
        long[] words = w.words();
        int mask = words.length * 64 - 1;
        int spread = hash * 0x9E3779B9; // Fibonacci hashing: the second bit from the high bits
        int first = hash & mask;
        int second = (spread >>> 7 ^ spread) & mask;
        boolean seen = has(words, first) & has(words, second);
        set(words, first);
        set(words, second);
        return seen;
    }

    private static boolean has(long[] words, int bit) {
        return ((long) WORDS.getOpaque(words, bit >>> 6) & 1L << bit) != 0;
    }

    private static void set(long[] words, int bit) {
        long mask = 1L << bit;
        if (((long) WORDS.getOpaque(words, bit >>> 6) & mask) == 0) WORDS.getAndBitwiseOr(words, bit >>> 6, mask);
    }
}
