package dev.larder.bench.disk;

import dev.larder.bench.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * A minimal streaming JSON writer (the harness takes no JSON dependency). Commas are placed by
 * tracking, per open container, whether it has a member yet. Non-finite numbers become
 * {@code null}, which is what JSON can say about them.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> hasMember = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(Object value) {
        separate();
        switch (value) {
            case null -> out.append("null");
            case Double d -> number(d);
            case Float f -> number(f);
            case Number n -> out.append(n.longValue());
            case Boolean b -> out.append(b);
            default -> string(value.toString());
        }
        return this;
    }

    JsonWriter field(String name, Object value) {
        return name(name).value(value);
    }

    JsonWriter fields(Map<String, Object> values) {
        values.forEach(this::field);
        return this;
    }

    JsonWriter array(String name, double[] values) {
        name(name).beginArray();
        for (double v : values) value(v);
        return endArray();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        hasMember.push(false);
        return this;
    }

    private JsonWriter close(char bracket) {
        hasMember.pop();
        out.append(bracket);
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!hasMember.isEmpty()) {
            if (hasMember.pop()) out.append(',');
            hasMember.push(true);
        }
    }

    private void number(double d) {
        out.append(Json.number(d));
    }

    private void string(String s) {
        out.append(Json.quote(s));
    }
}
