package dev.larder.bench.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of the report: rows (a figure, and the ratio shown beside it if any) plus details —
 * engine counters and notes that explain the figures (fsyncs, batch sizes, device reads).
 */
public final class Section {
    /**
     * A table row; {@code ratio} is null when the row compares nothing, {@code target} when no
     * bound was promised for the figure itself.
     */
    public record Row(Figure figure, Ratio ratio, Target target) {
        /** The target shown in the row's target column: the ratio's, else the figure's. */
        public Target shownTarget() {
            return ratio != null && ratio.target() != null ? ratio.target() : target;
        }

        public Boolean shownTargetMet() {
            Target shown = shownTarget();
            if (shown == null) return null;
            return shown.met(shown == target ? figure.median() : ratio.value());
        }
    }

    /** Named values that explain the figures; numbers stay numbers in JSON. */
    public record Detail(String label, Map<String, Object> values) {}

    private final String id;
    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<Detail> details = new ArrayList<>();

    public Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public Section add(Figure figure) {
        rows.add(new Row(figure, null, null));
        return this;
    }

    public Section add(Figure figure, Ratio ratio) {
        rows.add(new Row(figure, ratio, null));
        return this;
    }

    public Section add(Figure figure, Target target) {
        rows.add(new Row(figure, null, target));
        return this;
    }

    /** Adds a detail; {@code keyValues} alternates names (String) and values (Number, String, Boolean). */
    public Section detail(String label, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) values.put((String) keyValues[i], keyValues[i + 1]);
        details.add(new Detail(label, values));
        return this;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Detail> details() {
        return List.copyOf(details);
    }
}
