package dev.larder.cli;

import dev.larder.store.ContentStore;
import dev.larder.store.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Options every content-store command shares, and how they print: plain lines or one JSON object. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "PATH", description = "The store directory. Default: $LARDER_STORE, else ~/.larder/store.")
    Path store;

    @Option(names = "--json", description = "Print one JSON summary object on stdout.")
    boolean json;

    /** The store, which must exist: only a snapshot makes one. */
    ContentStore open() throws IOException {
        return ContentStore.openExisting(root());
    }

    /** The store, made if absent. */
    ContentStore openOrCreate() throws IOException {
        return ContentStore.open(root());
    }

    private Path root() {
        return store != null ? store : ContentStore.defaultRoot();
    }

    /** Progress goes to stderr, as a bar on a terminal; with --json too, since stdout carries only the summary. */
    Consumer<Progress> progress() {
        return ProgressDisplay.forStderr();
    }

    /** Prints a summary as "key: value" lines (a null value as "-"), or as one JSON object with --json. */
    void print(Map<String, Object> fields) {
        if (json) {
            System.out.println(fields.entrySet().stream().map(e -> quote(e.getKey()) + ":" + jsonValue(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}")));
            return;
        }
        fields.forEach((k, v) -> {
            if (v instanceof Collection<?> c) {
                if (!c.isEmpty()) System.out.println(k + ":");
                c.forEach(item -> System.out.println("  " + item));
            } else {
                System.out.println(k + ": " + (v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v == null ? "-" : v));
            }
        });
    }

    static Map<String, Object> fields() {
        return new LinkedHashMap<>();
    }

    private static String jsonValue(Object v) {
        if (v == null) return "null";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof Collection<?> c) return c.stream().map(StoreOptions::jsonValue).collect(Collectors.joining(",", "[", "]"));
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> quote(e.getKey().toString()) + ":" + jsonValue(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
