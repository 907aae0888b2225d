package dev.larder.bench.disk;

/**
 * Renders a {@link Report} as exactly one JSON object:
 *
 * <pre>
 * {"benchmark":"disk","machine":{..},"settings":{..},"warnings":[..],
 *  "sections":[{"id":..,"title":..,
 *               "figures":[{"id","label","unit","median","min","max","samples":[..],
 *                           optionally "targetAtMost" or "targetAtLeast", "targetMet"}],
 *               "ratios":[{"id","label","numerator","denominator","value",
 *                          optionally "targetAtLeast", "targetMet"}],
 *               "details":[{"label":..,name:value,..}]}]}
 * </pre>
 */
public final class JsonReport {
    private JsonReport() {}

    public static String render(Report report) {
        JsonWriter json = new JsonWriter().beginObject().field("benchmark", "disk");
        json.name("machine").beginObject().fields(report.machine()).endObject();
        json.name("settings").beginObject().fields(report.settings()).endObject();
        json.name("warnings").beginArray();
        report.warnings().forEach(json::value);
        json.endArray().name("sections").beginArray();
        for (Section section : report.sections()) section(json, section);
        return json.endArray().endObject().toString();
    }

    private static void section(JsonWriter json, Section section) {
        json.beginObject().field("id", section.id()).field("title", section.title());
        json.name("figures").beginArray();
        for (Section.Row row : section.rows()) figure(json, row.figure(), row.target());
        json.endArray().name("ratios").beginArray();
        for (Section.Row row : section.rows()) if (row.ratio() != null) ratio(json, row.ratio());
        json.endArray().name("details").beginArray();
        for (Section.Detail detail : section.details()) {
            json.beginObject().field("label", detail.label()).fields(detail.values()).endObject();
        }
        json.endArray().endObject();
    }

    private static void figure(JsonWriter json, Figure figure, Target target) {
        json.beginObject().field("id", figure.id()).field("label", figure.label()).field("unit", figure.unit())
                .field("median", figure.median()).field("min", figure.min()).field("max", figure.max())
                .array("samples", figure.samples());
        if (target != null) target(json, target, target.met(figure.median()));
        json.endObject();
    }

    private static void target(JsonWriter json, Target target, boolean met) {
        json.field(target.atLeast() ? "targetAtLeast" : "targetAtMost", target.bound()).field("targetMet", met);
    }

    private static void ratio(JsonWriter json, Ratio ratio) {
        json.beginObject().field("id", ratio.id()).field("label", ratio.label())
                .field("numerator", ratio.numerator().id()).field("denominator", ratio.denominator().id())
                .field("value", ratio.value());
        if (ratio.target() != null) target(json, ratio.target(), ratio.targetMet());
        json.endObject();
    }
}
