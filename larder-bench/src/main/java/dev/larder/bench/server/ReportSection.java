package dev.larder.bench.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of the report: comparisons of a subject against a baseline.
 *
 * @param baseline short name of the denominator of every ratio ({@code Redis}, {@code in-mem})
 * @param subject short name of the numerator ({@code Larder}, {@code LTM})
 * @param goalThroughputRatio the throughput ratio the design promises at least; NaN if none
 * @param notes further facts, in order (load rates, spot checks)
 */
public record ReportSection(String id, String title, String baseline, String subject, List<Comparison> rows,
        double goalThroughputRatio, Map<String, Object> notes) implements ServerReport.Section {

    public ReportSection {
        rows = List.copyOf(rows);
        notes = new LinkedHashMap<>(notes);
    }

    /** True or false against the goal; null if there is no goal or no figure. */
    public Boolean goalMet(Comparison row) {
        double ratio = row.throughputRatio();
        if (Double.isNaN(goalThroughputRatio) || Double.isNaN(ratio)) return null;
        return ratio >= goalThroughputRatio;
    }
}
