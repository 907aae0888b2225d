package dev.larder.engine;

import java.util.Arrays;

/**
 * Plans a batch read: sorts the requested records by device offset and merges neighbours whose
 * gap is at most {@code maxGapBytes} into one read, keeping each merged read within
 * {@code maxReadBytes} (a single record larger than that is read alone). Pure; no I/O.
 */
final class BatchReadPlanner {
    /**
     * The plan: {@code order[k]} is the request index of the k-th record by offset; run {@code r}
     * covers {@code order[runStart[r]] .. order[runStart[r + 1] - 1]} and the device bytes
     * {@code [offset[r], offset[r] + length[r])}.
     */
    record Plan(int[] order, int[] runStart, long[] offset, int[] length) {
        int runs() {
            return offset.length;
        }
    }

    private BatchReadPlanner() {}

    /** @param offsets device offset of each request; @param lengths its byte length */
    static Plan plan(long[] offsets, int[] lengths, int count, int maxGapBytes, int maxReadBytes) {
        int[] order = sortedByOffset(offsets, count);
        int[] runStart = new int[count + 1];
        long[] runOffset = new long[count];
        int[] runLength = new int[count];
        int runs = 0;
        long start = 0, end = 0;
        for (int k = 0; k < count; k++) {
            int i = order[k];
            long recordEnd = offsets[i] + lengths[i];
            boolean merge = k > 0 && offsets[i] - end <= maxGapBytes && Math.max(end, recordEnd) - start <= maxReadBytes;
            if (merge) {
                end = Math.max(end, recordEnd);
            } else {
                if (k > 0) runLength[runs - 1] = (int) (end - start);
                runStart[runs] = k;
                runOffset[runs++] = start = offsets[i];
                end = recordEnd;
            }
        }
        if (count > 0) runLength[runs - 1] = (int) (end - start);
        runStart[runs] = count;
        return new Plan(order, Arrays.copyOf(runStart, runs + 1), Arrays.copyOf(runOffset, runs), Arrays.copyOf(runLength, runs));
    }

    private static int[] sortedByOffset(long[] offsets, int count) {
        int[] order = new int[count];
        if (count < (1 << 20) && allBelow(offsets, count, 1L << 43)) {
            long[] packed = new long[count]; // offset and request index in one sortable long
            for (int i = 0; i < count; i++) packed[i] = offsets[i] << 20 | i;
            Arrays.sort(packed);
            for (int k = 0; k < count; k++) order[k] = (int) (packed[k] & 0xFFFFF);
            return order;
        }
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> Long.compare(offsets[a], offsets[b]));
        for (int k = 0; k < count; k++) order[k] = boxed[k];
        return order;
    }

    private static boolean allBelow(long[] values, int count, long limit) {
        for (int i = 0; i < count; i++) if (values[i] >= limit) return false;
        return true;
    }
}
