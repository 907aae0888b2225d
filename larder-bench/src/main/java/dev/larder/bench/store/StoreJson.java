package dev.larder.bench.store;

import dev.larder.bench.Json;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} report: one object with the settings, the CLI start-up figure and, per tree,
 * every figure (median and samples in seconds, rates), larder's speedups and the goals. Written by
 * hand: the harness takes no JSON dependency, and the shape is flat.
 */
public final class StoreJson {
    private StoreJson() {}

    public static String render(Map<String, Object> settings, Figure startup, List<TreeReport> trees) {
        StringBuilder out = new StringBuilder("{\"settings\":{");
        String sep = "";
        for (var e : settings.entrySet()) {
            out.append(sep).append(string(e.getKey())).append(':').append(value(e.getValue()));
            sep = ",";
        }
        out.append("},\"startupSeconds\":").append(number(startup.medianSeconds())).append(",\"trees\":[");
        sep = "";
        for (TreeReport tree : trees) {
            out.append(sep);
            tree(tree, startup.medianSeconds(), out);
            sep = ",";
        }
        return out.append("]}").toString();
    }

    private static void tree(TreeReport tree, double startupSeconds, StringBuilder out) {
        out.append("{\"name\":").append(string(tree.name())).append(",\"files\":").append(tree.files())
                .append(",\"symlinks\":").append(tree.symlinks()).append(",\"bytes\":").append(tree.bytes()).append(",\"figures\":[");
        String sep = "";
        for (Figure f : tree.figures()) {
            out.append(sep).append("{\"step\":").append(string(f.step())).append(",\"tool\":").append(string(f.tool()))
                    .append(",\"medianSeconds\":").append(number(f.medianSeconds()))
                    .append(",\"filesPerSecond\":").append(number(f.filesPerSecond()))
                    .append(",\"mbPerSecond\":").append(number(f.mbPerSecond()))
                    .append(",\"coresBusy\":").append(number(f.coresBusy()));
            if (f.isLarder()) {
                out.append(",\"medianSecondsMinusStartup\":").append(number(f.withoutStartup(startupSeconds).medianSeconds()));
            }
            out.append(",\"samplesSeconds\":[");
            String inner = "";
            for (long nanos : f.samplesNanos()) {
                out.append(inner).append(number(nanos / 1e9));
                inner = ",";
            }
            out.append("]}");
            sep = ",";
        }
        out.append("],\"speedups\":[");
        sep = "";
        for (TreeReport.Comparison c : tree.comparisons()) {
            out.append(sep).append("{\"step\":").append(string(c.step())).append(",\"peer\":").append(string(c.peer()))
                    .append(",\"larderSpeedup\":").append(number(c.speedup())).append('}');
            sep = ",";
        }
        out.append("],\"goals\":[");
        sep = "";
        for (TreeReport.Goal g : tree.goals()) {
            out.append(sep).append("{\"what\":").append(string(g.what())).append(",\"value\":").append(number(g.value()))
                    .append(",\"valueMinusStartup\":").append(number(g.valueWithoutStartup()))
                    .append(",\"target\":").append(number(g.target())).append(",\"unit\":").append(string(g.unit()))
                    .append(",\"met\":").append(g.met()).append('}');
            sep = ",";
        }
        out.append("]}");
    }

    private static String value(Object v) {
        return switch (v) {
            case Number n -> number(n.doubleValue());
            case Boolean b -> b.toString();
            default -> string(String.valueOf(v));
        };
    }

    private static String number(double d) {
        return Json.number(d);
    }

    private static String string(String s) {
        return Json.quote(s);
    }
}
