package dev.larder.server.command;

import dev.larder.server.keyspace.Glob;
import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The server's settings as CONFIG GET / SET see them: startup values, some of which may change at
 * run time. Thread-safe (the mutable settings are volatile).
 */
public final class LiveConfig {
    /** appendfsync: when an acknowledged write is safe. */
    public enum Appendfsync {
        /** Synced to the device before the reply: survives power loss. */
        ALWAYS,
        /** Handed to the OS before the reply (survives kill -9), synced every second. */
        EVERYSEC,
        /** Written within milliseconds, after the reply; synced every second. */
        NO
    }

    private record Parameter(Supplier<String> get, Consumer<String> set) {}

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private volatile String requirePass;
    private volatile int maxClients;
    private volatile long idleTimeoutSeconds;
    private volatile long maxOutputBytes;
    private volatile Appendfsync appendfsync;

    public LiveConfig(String bind, int port, String dir, long maxMemoryBytes, long diskCapacityBytes,
                      String requirePass, int maxClients, long idleTimeoutSeconds, long maxOutputBytes, Appendfsync appendfsync) {
        this.requirePass = requirePass;
        this.maxClients = maxClients;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.maxOutputBytes = maxOutputBytes;
        this.appendfsync = appendfsync;
        fixed("bind", bind);
        fixed("port", Integer.toString(port));
        fixed("dir", dir);
        fixed("databases", "16");
        fixed("maxmemory", Long.toString(maxMemoryBytes));
        fixed("disk-capacity", Long.toString(diskCapacityBytes));
        fixed("proto-max-bulk-len", Long.toString(StringCommands.MAX_STRING_BYTES));
        fixed("save", "");
        fixed("appendonly", "yes");
        parameters.put("requirepass", new Parameter(() -> this.requirePass == null ? "" : this.requirePass,
                v -> this.requirePass = v.isEmpty() ? null : v));
        parameters.put("maxclients", new Parameter(() -> Integer.toString(this.maxClients),
                v -> this.maxClients = (int) positive(v, Integer.MAX_VALUE)));
        parameters.put("timeout", new Parameter(() -> Long.toString(this.idleTimeoutSeconds),
                v -> this.idleTimeoutSeconds = positive(v, Integer.MAX_VALUE)));
        parameters.put("client-output-limit", new Parameter(() -> Long.toString(this.maxOutputBytes),
                v -> this.maxOutputBytes = Sizes.parse(v)));
        parameters.put("appendfsync", new Parameter(() -> this.appendfsync.name().toLowerCase(java.util.Locale.ROOT),
                v -> this.appendfsync = Appendfsync.valueOf(v.toUpperCase(java.util.Locale.ROOT))));
    }

    private void fixed(String name, String value) {
        parameters.put(name, new Parameter(() -> value, null));
    }

    private static long positive(String value, long max) {
        long parsed = Long.parseLong(value);
        if (parsed < 0 || parsed > max) throw new IllegalArgumentException("argument must be between 0 and " + max + " inclusive");
        return parsed;
    }

    /** A parameter's current value as CONFIG GET shows it. */
    public String value(String name) {
        return parameters.get(name).get().get();
    }

    public String requirePass() { return requirePass; }
    public int maxClients() { return maxClients; }
    public long idleTimeoutSeconds() { return idleTimeoutSeconds; }
    public long maxOutputBytes() { return maxOutputBytes; }
    public Appendfsync appendfsync() { return appendfsync; }

    /** CONFIG GET: every parameter matching any pattern (case-insensitive globs), as a map. */
    Reply get(List<byte[]> patterns) {
        List<Reply> pairs = new ArrayList<>();
        for (var entry : parameters.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            for (byte[] pattern : patterns) {
                if (Glob.matches(pattern, name, true)) {
                    pairs.add(Reply.Bulk.of(entry.getKey()));
                    pairs.add(Reply.Bulk.of(entry.getValue().get().get()));
                    break;
                }
            }
        }
        return new Reply.Map(pairs);
    }

    /** CONFIG SET name value [name value ...]: all or nothing, with Redis's error texts. */
    Reply set(List<byte[]> namesAndValues) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            String name = new String(namesAndValues.get(i), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                return Errors.format("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (parameter.set() == null) return failed(name, "can't set immutable config");
            if (changes.put(name, new String(namesAndValues.get(i + 1), StandardCharsets.ISO_8859_1)) != null) {
                return failed(name, "duplicate parameter");
            }
        }
        Map<String, String> previous = new LinkedHashMap<>();
        for (var change : changes.entrySet()) {
            Parameter parameter = parameters.get(change.getKey());
            previous.put(change.getKey(), parameter.get().get());
            try {
                parameter.set().accept(change.getValue());
            } catch (IllegalArgumentException e) {
                previous.forEach((name, value) -> parameters.get(name).set().accept(value));
                return failed(change.getKey(), e instanceof NumberFormatException
                        ? "argument couldn't be parsed into an integer" : "argument must be one of the accepted values");
            }
        }
        return Reply.OK;
    }

    private static Reply failed(String name, String why) {
        return Errors.format("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }
}
