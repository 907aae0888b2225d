package dev.larder.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON the benchmark reports need, written by hand: the harness takes no JSON dependency. */
public final class Json {
    private Json() {}

    /** Writes maps, lists, numbers, booleans, null and strings; non-finite numbers become null. */
    public static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(sep).append(quote(String.valueOf(e.getKey()))).append(':');
                    write(out, e.getValue());
                    sep = ",";
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) out.append(',');
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Double d -> out.append(number(d));
            case Float f -> out.append(number(f));
            case Number n -> out.append(n.longValue());
            case Boolean b -> out.append(b);
            default -> out.append(quote(value.toString()));
        }
    }

    /** Integral values without a fraction; NaN and infinities (nothing measured) become null. */
    public static String number(double d) {
        if (!Double.isFinite(d)) return "null";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return Double.toString(d);
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
