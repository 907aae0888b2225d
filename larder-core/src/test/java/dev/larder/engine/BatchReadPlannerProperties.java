package dev.larder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link BatchReadPlanner} on random batches: every request is in exactly one run and inside its
 * bytes; runs are ascending, disjoint and tight (they start at their first member and end at their
 * last byte); no run exceeds {@code maxReadBytes} unless it holds a single record; and two
 * consecutive runs were kept apart for a reason: the gap exceeds {@code maxGapBytes} or merging
 * would have exceeded {@code maxReadBytes}.
 *
 * <p>Requests model what the engine asks for: records on the device never overlap, but the same
 * record may be asked for twice (a batch with a repeated key). Offsets are sometimes beyond 2^43
 * (devices up to 16 TiB), which takes the planner's other sorting path.
 *
 * <p>One combination is left out on purpose: a record larger than {@code maxReadBytes} asked for
 * twice is planned as two overlapping runs (read twice). The engine cannot ask for that, since a
 * record is at most a region and {@code maxReadBytes} is at least a region, so oversized records
 * are generated distinct.
 */
class BatchReadPlannerProperties {

    record Batch(long[] offsets, int[] lengths, int maxGapBytes, int maxReadBytes) {
        int count() {
            return offsets.length;
        }

        @Override
        public String toString() {
            return "Batch[offsets=" + Arrays.toString(offsets) + ", lengths=" + Arrays.toString(lengths)
                    + ", maxGapBytes=" + maxGapBytes + ", maxReadBytes=" + maxReadBytes + "]";
        }
    }

    /** As in the engine: every record fits in one read (records are at most a region, reads at least one). */
    @Property(tries = 500)
    void planIsSoundWhenRecordsFitAReadAndRepeat(@ForAll("recordsThatFit") Batch batch) {
        checkPlan(batch);
    }

    /** Records larger than a read are read alone (distinct records only; see the class comment). */
    @Property(tries = 500)
    void planIsSoundWithOversizedRecords(@ForAll("oversizedRecords") Batch batch) {
        checkPlan(batch);
    }

    @Property(tries = 50)
    void emptyAndSingletonBatches(@ForAll @IntRange(min = 1, max = 1 << 20) int length, @ForAll @IntRange(max = 1 << 16) int gap) {
        assertThat(BatchReadPlanner.plan(new long[0], new int[0], 0, gap, 1 << 20).runs()).isZero();
        var plan = BatchReadPlanner.plan(new long[] {4096}, new int[] {length}, 1, gap, 4096);
        assertThat(plan.runs()).isOne();
        assertThat(plan.offset()[0]).isEqualTo(4096);
        assertThat(plan.length()[0]).isEqualTo(length);
    }

    private static void checkPlan(Batch batch) {
        int count = batch.count();
        BatchReadPlanner.Plan plan = BatchReadPlanner.plan(batch.offsets(), batch.lengths(), count,
                batch.maxGapBytes(), batch.maxReadBytes());
        int[] order = plan.order();
        int[] runStart = plan.runStart();

        // exactly one run per request: order is a permutation and runStart partitions it into non-empty runs
        assertThat(order).hasSize(count);
        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, count).toArray());
        assertThat(runStart).hasSize(plan.runs() + 1);
        assertThat(runStart[0]).isZero();
        assertThat(runStart[plan.runs()]).isEqualTo(count);
        for (int r = 0; r < plan.runs(); r++) assertThat(runStart[r + 1]).as("run %d is not empty", r).isGreaterThan(runStart[r]);

        for (int r = 0; r < plan.runs(); r++) {
            long runOffset = plan.offset()[r];
            long runEnd = runOffset + plan.length()[r];
            long minOffset = Long.MAX_VALUE, maxEnd = Long.MIN_VALUE;
            for (int k = runStart[r]; k < runStart[r + 1]; k++) {
                int i = order[k];
                long end = batch.offsets()[i] + batch.lengths()[i];
                assertThat(batch.offsets()[i]).as("request %d starts inside run %d", i, r).isGreaterThanOrEqualTo(runOffset);
                assertThat(end).as("request %d ends inside run %d", i, r).isLessThanOrEqualTo(runEnd);
                if (k > runStart[r]) assertThat(batch.offsets()[i]).as("run members ascend").isGreaterThanOrEqualTo(batch.offsets()[order[k - 1]]);
                minOffset = Math.min(minOffset, batch.offsets()[i]);
                maxEnd = Math.max(maxEnd, end);
            }
            assertThat(runOffset).as("run %d starts at its first member", r).isEqualTo(minOffset);
            assertThat(runEnd).as("run %d ends at its last byte", r).isEqualTo(maxEnd);
            if (plan.length()[r] > batch.maxReadBytes()) {
                assertThat(runStart[r + 1] - runStart[r]).as("run %d exceeds maxReadBytes with several records", r).isOne();
            }
            if (r > 0) {
                long previousEnd = plan.offset()[r - 1] + plan.length()[r - 1];
                assertThat(runOffset).as("run %d is after run %d and disjoint from it", r, r - 1).isGreaterThanOrEqualTo(previousEnd);
                int first = order[runStart[r]];
                long firstEnd = batch.offsets()[first] + batch.lengths()[first];
                boolean gapTooBig = runOffset - previousEnd > batch.maxGapBytes();
                boolean mergedTooLong = Math.max(previousEnd, firstEnd) - plan.offset()[r - 1] > batch.maxReadBytes();
                assertThat(gapTooBig || mergedTooLong).as("runs %d and %d could have been merged", r - 1, r).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Batch> recordsThatFit() {
        return Combinators.combine(Arbitraries.integers().between(0, 1 << 17), Arbitraries.integers().between(4096, 1 << 20))
                .flatAs((maxGap, maxRead) -> batches(maxGap, maxRead, Arbitraries.integers().between(1, maxRead), true));
    }

    @Provide
    Arbitrary<Batch> oversizedRecords() {
        return Combinators.combine(Arbitraries.integers().between(0, 1 << 17), Arbitraries.integers().between(4096, 1 << 18))
                .flatAs((maxGap, maxRead) -> batches(maxGap, maxRead, Arbitraries.integers().between(1, 4 * maxRead), false));
    }

    /**
     * Lays records out left to right with random gaps (never overlapping), from a base below or
     * above 2^43, then shuffles them and, if {@code repeats}, asks for some of them twice.
     */
    private static Arbitrary<Batch> batches(int maxGap, int maxRead, Arbitrary<Integer> length, boolean repeats) {
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, maxGap + 1)), // around the merge limit
                Tuple.of(1, Arbitraries.integers().between(0, 4 * maxGap + 8192)));
        Arbitrary<Long> base = Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 40), Arbitraries.longs().between(1L << 43, 1L << 44));
        Arbitrary<List<int[]>> layout = Combinators.combine(gap, length).as((g, l) -> new int[] {g, l}).list().ofMaxSize(60);
        return Combinators.combine(base, layout, Arbitraries.longs(), Arbitraries.integers().between(0, repeats ? 20 : 0))
                .as((start, records, seed, repeatCount) -> {
                    List<long[]> requests = new ArrayList<>();
                    long position = start;
                    for (int[] record : records) {
                        position += record[0];
                        requests.add(new long[] {position, record[1]});
                        position += record[1];
                    }
                    Random random = new Random(seed);
                    for (int i = 0; i < repeatCount && !records.isEmpty(); i++) {
                        requests.add(requests.get(random.nextInt(records.size())));
                    }
                    Collections.shuffle(requests, random);
                    return new Batch(requests.stream().mapToLong(r -> r[0]).toArray(),
                            requests.stream().mapToInt(r -> (int) r[1]).toArray(), maxGap, maxRead);
                });
    }
}
