package dev.larder.server.command;

import dev.larder.server.keyspace.Glob;
import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
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
        NO;

        /** A mode by its name in any case; Redis's error text, for a name that is none of them. */
        public static Appendfsync parse(String name) {
            for (Appendfsync mode : values()) {
                if (mode.name().equalsIgnoreCase(name)) return mode;
            }
            throw new IllegalArgumentException("argument(s) must be one of the following: everysec, always, no");
        }
    }

    private record Parameter(Supplier<String> get, Consumer<String> set) {}

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private volatile String requirePass;
    private volatile int maxClients;
    private volatile long idleTimeoutSeconds;
    /** As configured until the server listens; then the port it listens on (port 0 picks a free one). */
    private volatile int port;
    private volatile long maxOutputBytes;
    private volatile Appendfsync appendfsync;

    private volatile long maxMemoryBytes;

    /** {@code resizeMemory} applies a CONFIG SET maxmemory (called under the command lock). */
    public LiveConfig(String bind, int port, String dir, long maxMemoryBytes, LongConsumer resizeMemory, long diskCapacityBytes,
                      String requirePass, int maxClients, long idleTimeoutSeconds, long maxOutputBytes, Appendfsync appendfsync) {
        this.maxMemoryBytes = maxMemoryBytes;
        this.requirePass = requirePass;
        this.maxClients = maxClients;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.maxOutputBytes = maxOutputBytes;
        this.appendfsync = appendfsync;
        fixed("bind", bind);
        this.port = port;
        parameters.put("port", new Parameter(() -> Integer.toString(this.port), null));
        fixed("dir", dir);
        fixed("databases", "16");
        parameters.put("maxmemory", new Parameter(() -> Long.toString(this.maxMemoryBytes), v -> {
            long bytes = memoryValue(v);
            resizeMemory.accept(bytes);
            this.maxMemoryBytes = bytes;
        }));
        fixed("disk-capacity", Long.toString(diskCapacityBytes)); // the data file's actual size
        fixed("proto-max-bulk-len", Long.toString(StringCommands.MAX_STRING_BYTES));
        fixed("save", "");
        fixed("appendonly", "yes");
        parameters.put("requirepass", new Parameter(() -> this.requirePass == null ? "" : this.requirePass,
                v -> this.requirePass = v.isEmpty() ? null : v));
        parameters.put("maxclients", new Parameter(() -> Integer.toString(this.maxClients),
                v -> this.maxClients = (int) Math.min(Integer.MAX_VALUE, inRange(v, 1, 4294967295L))));
        parameters.put("timeout", new Parameter(() -> Long.toString(this.idleTimeoutSeconds),
                v -> this.idleTimeoutSeconds = inRange(v, 0, Integer.MAX_VALUE)));
        parameters.put("client-output-limit", new Parameter(() -> Long.toString(this.maxOutputBytes),
                v -> this.maxOutputBytes = memoryValue(v)));
        parameters.put("appendfsync", new Parameter(() -> this.appendfsync.name().toLowerCase(java.util.Locale.ROOT),
                v -> this.appendfsync = Appendfsync.parse(v)));
    }

    private void fixed(String name, String value) {
        parameters.put(name, new Parameter(() -> value, null));
    }

    private static long memoryValue(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }

    private static long inRange(String value, long min, long max) {
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    /** The port the server listens on, which CONFIG GET and INFO show from then on. */
    public void listeningOn(int port) {
        this.port = port;
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

    /**
     * CONFIG GET: every parameter matching any pattern (case-insensitive globs), once, as a map.
     * As in Redis, a pattern without glob characters is a name, echoed as the client spelt it.
     */
    Reply get(List<byte[]> patterns) {
        Map<String, Reply> found = new LinkedHashMap<>();
        for (byte[] pattern : patterns) {
            if (Glob.isLiteral(pattern)) {
                String name = new String(pattern, StandardCharsets.ISO_8859_1);
                Parameter parameter = parameters.get(name.toLowerCase(java.util.Locale.ROOT));
                if (parameter != null) found.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), pair(name, parameter));
                continue;
            }
            for (var entry : parameters.entrySet()) {
                if (Glob.matches(pattern, entry.getKey().getBytes(StandardCharsets.US_ASCII), true)) {
                    found.putIfAbsent(entry.getKey(), pair(entry.getKey(), entry.getValue()));
                }
            }
        }
        List<Reply> pairs = new ArrayList<>();
        for (Reply pair : found.values()) pairs.addAll(((Reply.Array) pair).items());
        return new Reply.Map(pairs);
    }

    private static Reply pair(String name, Parameter parameter) {
        return new Reply.Array(List.of(Reply.Bulk.of(name), Reply.Bulk.of(parameter.get().get())));
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
                return failed(change.getKey(), e instanceof NumberFormatException ? "argument couldn't be parsed into an integer" : e.getMessage());
            }
        }
        return Reply.OK;
    }

    private static Reply failed(String name, String why) {
        return Errors.format("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }
}
