package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ReadPlan against its contract on random layouts: records of three segments with gaps, shared
 * locations (one content in several files) and records too large to hold. Every item is in
 * exactly one span that covers its record; spans keep storage order and their limits; and no
 * two neighbouring spans could have been one.
 */
class ReadPlanTest {
    @Test
    void spansCoverEveryItemOnceWithinTheirLimits() {
        for (long seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            Map<Integer, BlobLocation> where = randomLayout(rnd, 1 + rnd.nextInt(400));
            List<ReadPlan.Span<Integer>> spans = ReadPlan.of(where.keySet(), where::get);

            List<Integer> seen = new ArrayList<>();
            for (ReadPlan.Span<Integer> span : spans) {
                assertThat(span.items()).isNotEmpty();
                for (ReadPlan.Placed<Integer> p : span.items()) {
                    seen.add(p.item());
                    BlobLocation loc = p.location();
                    assertThat(loc).isEqualTo(where.get(p.item()));
                    assertThat(loc.segment()).isEqualTo(span.segment());
                    assertThat(loc.offset()).isGreaterThanOrEqualTo(span.start());
                    assertThat(loc.offset() + loc.recordLength()).isLessThanOrEqualTo(span.end());
                }
                if (span.streamed()) assertThat(span.items()).singleElement().matches(p -> BlobReader.streams(p.location()));
                else if (span.items().size() > 1) assertThat(span.end() - span.start()).isLessThanOrEqualTo(ReadPlan.MAX_SPAN_BYTES);
                assertGapsWithinLimit(span);
            }
            assertThat(seen).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(where.keySet());
            assertStorageOrderAndMaximal(spans);
        }
    }

    @Test
    void neighbouringSmallRecordsShareOneRead() {
        Map<Integer, BlobLocation> where = new HashMap<>();
        long offset = 0;
        for (int i = 0; i < 1000; i++) {
            where.put(i, new BlobLocation(1, offset, 900, 2000, PackDescriptor.FLAG_ZSTD));
            offset += PackDescriptor.HEADER_BYTES + 900;
        }
        long expected = (offset + ReadPlan.MAX_SPAN_BYTES - 1) / ReadPlan.MAX_SPAN_BYTES;
        assertThat(ReadPlan.of(where.keySet(), where::get)).hasSize((int) expected);
    }

    private static void assertGapsWithinLimit(ReadPlan.Span<Integer> span) {
        long coveredTo = span.start();
        for (ReadPlan.Placed<Integer> p : span.items()) {
            assertThat(p.location().offset() - coveredTo).isLessThanOrEqualTo(ReadPlan.MAX_GAP_BYTES);
            coveredTo = Math.max(coveredTo, p.location().offset() + p.location().recordLength());
        }
        assertThat(coveredTo).isEqualTo(span.end());
    }

    private static void assertStorageOrderAndMaximal(List<ReadPlan.Span<Integer>> spans) {
        for (int i = 1; i < spans.size(); i++) {
            ReadPlan.Span<Integer> a = spans.get(i - 1), b = spans.get(i);
            assertThat(a.segment()).isLessThanOrEqualTo(b.segment());
            if (a.segment() != b.segment() || a.streamed() || b.streamed()) continue;
            assertThat(b.start()).isGreaterThanOrEqualTo(a.start());
            boolean couldMerge = b.start() - a.end() <= ReadPlan.MAX_GAP_BYTES
                    && Math.max(a.end(), b.items().getFirst().location().offset() + b.items().getFirst().location().recordLength())
                    - a.start() <= ReadPlan.MAX_SPAN_BYTES;
            assertThat(couldMerge).as("spans %s and %s could have been one read", a, b).isFalse();
        }
    }

    /** Records laid end to end per segment with random gaps; some items share a location. */
    private static Map<Integer, BlobLocation> randomLayout(Random rnd, int count) {
        Map<Integer, BlobLocation> where = new HashMap<>();
        long[] next = new long[3];
        List<BlobLocation> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!made.isEmpty() && rnd.nextInt(10) == 0) {
                where.put(i, made.get(rnd.nextInt(made.size())));
                continue;
            }
            int segment = rnd.nextInt(3);
            long stored = switch (rnd.nextInt(20)) {
                case 0 -> BlobReader.IN_MEMORY_LIMIT_BYTES + rnd.nextInt(1 << 20);
                case 1, 2 -> ReadPlan.MAX_SPAN_BYTES / 2 + rnd.nextInt(1 << 20);
                default -> rnd.nextInt(20_000);
            };
            long gap = rnd.nextBoolean() ? 0 : rnd.nextLong(2 * ReadPlan.MAX_GAP_BYTES);
            BlobLocation loc = new BlobLocation(segment, next[segment] + gap, stored, stored, PackDescriptor.FLAG_RAW);
            next[segment] = loc.offset() + loc.recordLength();
            made.add(loc);
            where.put(i, loc);
        }
        return where;
    }
}
