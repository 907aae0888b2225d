package dev.larder.store.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Puts records in storage order and merges neighbours into spans, each read with one positional
 * read: restoring 30,000 small files takes a few hundred reads instead of 30,000, and a cold
 * store is read front to back. A span never crosses a segment, covers at most
 * {@link #MAX_SPAN_BYTES} unless one record is larger, and reads through at most
 * {@link #MAX_GAP_BYTES} of bytes nobody asked for (records of other trees, dead space). Records
 * too large to hold in memory get a span of their own that is streamed, not read whole.
 */
public final class ReadPlan {
    /** Bytes one merged read may cover. Default: 1 MiB, the append buffer's size; ~200 small records. */
    static final long MAX_SPAN_BYTES = 1L << 20;
    /** Unwanted bytes a merged read may cover rather than split. Default: 64 KiB, cheaper to read than a second call. */
    static final long MAX_GAP_BYTES = 64L << 10;

    private ReadPlan() {}

    /** One item to read and where its record lies. */
    public record Placed<T>(T item, BlobLocation location) {}

    /** A byte range of one segment and the items whose records it holds, in storage order. */
    public record Span<T>(int segment, long start, long end, boolean streamed, List<Placed<T>> items) {
        public int length() {
            return Math.toIntExact(end - start);
        }
    }

    /** Spans covering every item once, in storage order. */
    public static <T> List<Span<T>> of(Collection<T> items, Function<T, BlobLocation> where) {
        List<Placed<T>> placed = new ArrayList<>(items.size());
        for (T item : items) placed.add(new Placed<>(item, where.apply(item)));
        placed.sort(Comparator.comparingInt((Placed<T> p) -> p.location().segment()).thenComparingLong(p -> p.location().offset()));
        List<Span<T>> spans = new ArrayList<>();
        List<Placed<T>> run = new ArrayList<>();
        long start = 0, end = 0;
        for (Placed<T> p : placed) {
            BlobLocation loc = p.location();
            long recordEnd = loc.offset() + loc.recordLength();
            boolean streamed = BlobReader.streams(loc);
            boolean joins = !streamed && !run.isEmpty() && loc.segment() == run.getFirst().location().segment()
                    && loc.offset() - end <= MAX_GAP_BYTES && Math.max(end, recordEnd) - start <= MAX_SPAN_BYTES;
            if (!joins && !run.isEmpty()) {
                spans.add(new Span<>(run.getFirst().location().segment(), start, end, false, run));
                run = new ArrayList<>();
            }
            if (streamed) {
                spans.add(new Span<>(loc.segment(), loc.offset(), recordEnd, true, List.of(p)));
                continue;
            }
            if (run.isEmpty()) {
                start = loc.offset();
                end = recordEnd;
            }
            run.add(p);
            end = Math.max(end, recordEnd);
        }
        if (!run.isEmpty()) spans.add(new Span<>(run.getFirst().location().segment(), start, end, false, run));
        return spans;
    }
}
