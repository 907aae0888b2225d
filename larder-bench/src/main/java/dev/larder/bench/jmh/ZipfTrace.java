package dev.larder.bench.jmh;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A precomputed trace of key indexes drawn from a Zipf distribution: rank {@code r} (1-based) of
 * {@code keys} is drawn with probability proportional to {@code 1 / r^exponent}. Ranks are mapped
 * to key indexes by a fixed random permutation, so hot keys are not neighbours in insertion (and
 * disk) order. Drawing happens once, in setup, by inverse CDF (binary search over the cumulative
 * weights); the measured loop only reads the array.
 */
final class ZipfTrace {
    private final int[] indexes;
    private final int mask;

    /** {@code length} must be a power of two (cursors wrap with a mask). */
    ZipfTrace(int keys, double exponent, int length, long seed) {
        if (Integer.bitCount(length) != 1) throw new IllegalArgumentException("length must be a power of two: " + length);
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = cumulativeWeights(keys, exponent);
        int[] keyOfRank = permutation(keys, random);
        indexes = new int[length];
        for (int i = 0; i < length; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[keys - 1]);
            indexes[i] = keyOfRank[Math.min(keys - 1, rank < 0 ? -rank - 1 : rank)];
        }
        mask = length - 1;
    }

    /** The key index at position {@code i} of the trace (any int; wraps). */
    int at(int i) {
        return indexes[i & mask];
    }

    /**
     * The share of lookups that fall on the {@code hottest} most frequent keys: the hit-rate
     * ceiling of a cache that holds that many.
     */
    static double headShare(int keys, double exponent, int hottest) {
        double[] cumulative = cumulativeWeights(keys, exponent);
        return cumulative[Math.min(keys, hottest) - 1] / cumulative[keys - 1];
    }

    private static double[] cumulativeWeights(int keys, double exponent) {
        double[] cumulative = new double[keys];
        double sum = 0;
        for (int rank = 1; rank <= keys; rank++) cumulative[rank - 1] = sum += Math.pow(rank, -exponent);
        return cumulative;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
