package dev.larder.bench.server;

import dev.larder.bench.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ServerReport} as exactly one JSON object (the harness takes no JSON dependency):
 *
 * <pre>
 * {"benchmark":"server","settings":{..},"servers":{name:commandLine,..},
 *  "sections":[{"id","title","baseline","subject","goalThroughputRatio","notes":{..},
 *               "rows":[{"test","valueBytes","pipeline",
 *                        "baseline":{"opsPerSec","p50Ms","p99Ms","runs","requestsPerRun"},
 *                        "subject":{..same..},"throughputRatio","p99Ratio","goalMet"}]}],
 *  "warnings":[..]}
 * </pre>
 *
 * Ratios are subject / baseline; figures that could not be measured are {@code null}. A restart
 * section ({@code --restart}) has its own rows, times in seconds; its {@code speedup} is baseline
 * median / this median, so above 1 means ready sooner than the baseline (Redis):
 *
 * <pre>
 *  {"id":"restart","title","baseline":"redis-rdb","keys","valueBytes","fileBytes":{name:bytes,..},"notes":{..},
 *   "rows":[{"case","label","medianSeconds","minSeconds","maxSeconds","runsSeconds":[..],"speedup"}]}
 * </pre>
 */
public final class JsonOutput {
    private JsonOutput() {}

    public static String render(ServerReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "server");
        root.put("settings", report.settings());
        root.put("servers", report.servers());
        List<Object> sections = new ArrayList<>();
        for (ServerReport.Section s : report.sections()) {
            sections.add(switch (s) {
                case ReportSection comparisons -> section(comparisons);
                case RestartSection restart -> restart(restart);
            });
        }
        root.put("sections", sections);
        root.put("warnings", report.warnings());
        StringBuilder json = new StringBuilder();
        Json.write(json, root);
        return json.toString();
    }

    private static Map<String, Object> section(ReportSection s) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("id", s.id());
        section.put("title", s.title());
        section.put("baseline", s.baseline());
        section.put("subject", s.subject());
        section.put("goalThroughputRatio", s.goalThroughputRatio());
        section.put("notes", s.notes());
        List<Object> rows = new ArrayList<>();
        for (Comparison c : s.rows()) rows.add(row(s, c));
        section.put("rows", rows);
        return section;
    }

    private static Map<String, Object> restart(RestartSection s) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("id", s.id());
        section.put("title", s.title());
        section.put("baseline", s.baseline());
        section.put("keys", s.keys());
        section.put("valueBytes", s.valueBytes());
        section.put("fileBytes", s.fileBytes());
        section.put("notes", s.notes());
        List<Object> rows = new ArrayList<>();
        for (RestartSection.Timing t : s.timings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("case", t.id());
            row.put("label", t.label());
            row.put("medianSeconds", t.medianSeconds());
            row.put("minSeconds", t.minSeconds());
            row.put("maxSeconds", t.maxSeconds());
            row.put("runsSeconds", t.seconds());
            row.put("speedup", s.speedup(t));
            rows.add(row);
        }
        section.put("rows", rows);
        return section;
    }

    private static Map<String, Object> row(ReportSection s, Comparison c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("test", c.workload().test());
        row.put("valueBytes", c.workload().valueBytes());
        row.put("pipeline", c.workload().pipeline());
        row.put("baseline", medians(c.baseline()));
        row.put("subject", medians(c.subject()));
        row.put("throughputRatio", c.throughputRatio());
        row.put("p99Ratio", c.p99Ratio());
        row.put("goalMet", s.goalMet(c));
        return row;
    }

    private static Map<String, Object> medians(Medians m) {
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("opsPerSec", m.rps());
        medians.put("p50Ms", m.p50Ms());
        medians.put("p99Ms", m.p99Ms());
        medians.put("runs", m.runs());
        medians.put("requestsPerRun", m.requestsPerRun());
        return medians;
    }
}
