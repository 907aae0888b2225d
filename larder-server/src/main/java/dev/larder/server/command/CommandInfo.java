package dev.larder.server.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a captured COMMAND INFO reply that the catalog computes with (arity checks, ACL
 * category filters, key finding), read back from its RESP2 bytes so the capture stays the only source.
 *
 * @param aclCategories without the {@code @}, lower case
 */
record CommandInfo(String name, int arity, List<String> flags, List<String> aclCategories, List<KeySpec> keySpecs) {

    /** A key spec of the kind our commands have: begin_search index, find_keys range. */
    record KeySpec(List<String> flags, int index, int lastKey, int keyStep, int limit) {}

    /** Parses the RESP2 COMMAND INFO element: {@code [name, arity, flags, first, last, step, acl, tips, specs, subs]}. */
    static CommandInfo parse(byte[] resp2) {
        List<?> element = (List<?>) new Resp2Reader(resp2).read();
        String name = (String) element.get(0);
        List<String> categories = strings(element.get(6)).stream()
                .map(c -> c.substring(1).toLowerCase(Locale.ROOT)).toList();
        List<KeySpec> specs = ((List<?>) element.get(8)).stream().map(spec -> keySpec(name, spec)).toList();
        return new CommandInfo(name, Math.toIntExact((Long) element.get(1)), strings(element.get(2)), categories, specs);
    }

    boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** True if some key spec varies its flags by argument, so Redis asks the command's own key finder. */
    boolean hasVariableKeyFlags() {
        return keySpecs.stream().anyMatch(spec -> spec.flags().contains("variable_flags"));
    }

    private static KeySpec keySpec(String command, Object spec) {
        Map<String, Object> fields = pairs(spec);
        Map<String, Object> begin = pairs(fields.get("begin_search"));
        Map<String, Object> find = pairs(fields.get("find_keys"));
        if (!"index".equals(begin.get("type")) || !"range".equals(find.get("type"))) {
            throw new IllegalStateException(command + ": key spec " + begin.get("type") + "/" + find.get("type")
                    + " is not supported; only index/range specs are (extend KeyFinder to add it)");
        }
        Map<String, Object> range = pairs(find.get("spec"));
        return new KeySpec(strings(fields.get("flags")), integer(pairs(begin.get("spec")).get("index")),
                integer(range.get("lastkey")), integer(range.get("keystep")), integer(range.get("limit")));
    }

    private static Map<String, Object> pairs(Object flatList) {
        List<?> items = (List<?>) flatList;
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) map.put((String) items.get(i), items.get(i + 1));
        return map;
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String.class::cast).toList();
    }

    private static int integer(Object value) {
        return Math.toIntExact((Long) value);
    }

    /** Just enough RESP2 for a captured reply: strings, integers and arrays, trusted to be well formed. */
    private static final class Resp2Reader {
        private final byte[] bytes;
        private int position;

        Resp2Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        Object read() {
            char type = (char) bytes[position++];
            String line = line();
            return switch (type) {
                case '+' -> line;
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    String text = new String(bytes, position, length, StandardCharsets.UTF_8);
                    position += length + 2;
                    yield text;
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) items.add(read());
                    yield items;
                }
                default -> throw new IllegalStateException("unexpected RESP2 type '" + type + "' in a captured COMMAND INFO");
            };
        }

        private String line() {
            int start = position;
            while (bytes[position] != '\r') position++;
            String line = new String(bytes, start, position - start, StandardCharsets.US_ASCII);
            position += 2;
            return line;
        }
    }
}
