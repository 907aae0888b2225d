package dev.larder.server.command;

import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.protocol.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** INFO, CONFIG, TIME, SAVE, BGSAVE, SHUTDOWN, MEMORY, COMMAND. */
final class ServerCommands {
    /** MEMORY's subcommands but USAGE, which takes options: each takes no argument. */
    private static final Map<String, Integer> MEMORY_ARITY = Map.of("stats", 2, "doctor", 2, "malloc-stats", 2, "purge", 2, "help", 2);
    private static final Reply CONFIG_HELP = Reply.simpleStrings(List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
            "RESETSTAT", "    Reset statistics reported by the INFO command.",
            "REWRITE", "    Rewrite the configuration file.",
            "HELP", "    Prints this help."));
    private static final Reply MEMORY_HELP = Reply.simpleStrings(List.of(
            "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR", "    Return memory problems reports.",
            "MALLOC-STATS", "    Return internal statistics report from the memory allocator.",
            "PURGE", "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS", "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]", "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
            "HELP", "    Prints this help."));

    private ServerCommands() {}

    static void register(CommandTable table) {
        table.add("info", -1, Flag.NONE, c -> new Reply.Verbatim("txt", InfoReport.render(c)));
        table.add("config", -2, Flag.NONE, ServerCommands::config);
        table.add("time", 1, Flag.NONE, ServerCommands::time);
        table.add("save", 1, Flag.NONE, ServerCommands::save);
        table.add("bgsave", -1, Flag.NONE, ServerCommands::bgsave);
        table.add("shutdown", -1, Flag.NONE, ServerCommands::shutdown);
        table.add("memory", -2, Flag.NONE, ServerCommands::memory);
        table.add("command", -1, Flag.NONE, c -> c.server().catalog().command(Arrays.asList(c.args()).subList(1, c.argc())));
    }

    private static Reply config(Invocation c) {
        String sub = Arguments.lower(c.arg(1));
        List<byte[]> rest = Arrays.asList(c.args()).subList(2, c.argc());
        return switch (sub) {
            case "get" -> rest.isEmpty() ? Errors.wrongArity("config|get") : c.server().config().get(rest);
            case "set" -> rest.size() < 2 ? Errors.wrongArity("config|set")
                    : rest.size() % 2 != 0 ? Errors.SYNTAX : c.server().config().set(rest);
            case "resetstat" -> {
                if (!rest.isEmpty()) yield Errors.wrongArity("config|resetstat");
                c.server().stats().reset();
                c.keyspace().stats().reset();
                yield Reply.OK;
            }
            case "rewrite" -> Reply.error("ERR The server is running without a config file");
            case "help" -> rest.isEmpty() ? CONFIG_HELP : Errors.wrongArity("config|help");
            default -> Errors.unknownSubcommand(c.text(1), "CONFIG");
        };
    }

    private static Reply time(Invocation c) {
        java.time.Instant now = java.time.Instant.now();
        long micros = now.getNano() / 1000;
        return new Reply.Array(List.of(Reply.Bulk.of(Long.toString(now.getEpochSecond())), Reply.Bulk.of(Long.toString(micros))));
    }

    private static Reply save(Invocation c) {
        try {
            c.server().save();
        } catch (java.io.UncheckedIOException e) {
            return Reply.error("ERR saving failed: " + e.getMessage());
        }
        return Reply.OK;
    }

    private static Reply bgsave(Invocation c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "schedule"))) return Errors.SYNTAX;
        if (!c.server().saveInBackground()) return Reply.error("ERR Background save already in progress");
        return new Reply.Simple("Background saving started");
    }

    /** No reply: the connection closes with the server, as Redis's does. */
    private static Reply shutdown(Invocation c) {
        boolean nosave = false, save = false, other = false, abort = false;
        for (int i = 1; i < c.argc(); i++) {
            if (c.is(i, "nosave")) nosave = true;
            else if (c.is(i, "save")) save = true;
            else if (c.is(i, "now") || c.is(i, "force")) other = true;
            else if (c.is(i, "abort")) abort = true;
            else return Errors.SYNTAX;
        }
        if ((abort && (nosave || save || other)) || (nosave && save)) return Errors.SYNTAX;
        if (abort) return Reply.error("ERR No shutdown in progress.");
        c.server().shutdown(!nosave);
        return null;
    }

    private static Reply memory(Invocation c) {
        String sub = Arguments.lower(c.arg(1));
        if (sub.equals("usage")) {
            if (c.argc() < 3) return Errors.wrongArity("memory|usage");
            if (c.argc() != 3 && !(c.argc() == 5 && c.is(3, "samples"))) return Errors.SYNTAX;
            if (c.argc() == 5) {
                try {
                    if (Arguments.parseLong(c.arg(4)) < 0) return Errors.SYNTAX;
                } catch (Arguments.NotANumber e) {
                    return Errors.NOT_INTEGER;
                }
            }
            Long usage = c.keyspace().memoryUsage(c.db(), c.arg(2));
            return usage == null ? Reply.Null.STRING : new Reply.Integer(usage);
        }
        if (!MEMORY_ARITY.containsKey(sub)) return Errors.unknownSubcommand(c.text(1), "MEMORY");
        if (c.argc() != MEMORY_ARITY.get(sub)) return Errors.wrongArity("memory|" + sub);
        return switch (sub) {
            case "stats" -> memoryStats(c);
            case "doctor" -> new Reply.Verbatim("txt", "Larder keeps " + totalKeys(c) + " keys; its memory tier holds "
                    + c.keyspace().storeStats().memory().memoryTierBytes() + " bytes of values, and what does not fit is read from disk."
                    + " INFO memory and INFO larder tell more.\n");
            case "malloc-stats" -> Reply.Bulk.of("Stats not supported for the current allocator");
            case "purge" -> Reply.OK; // the JVM returns unused heap by itself; nothing to ask for
            default -> MEMORY_HELP;
        };
    }

    private static long totalKeys(Invocation c) {
        long keys = 0;
        for (int db = 0; db < Keyspace.DATABASES; db++) keys += c.keyspace().size(db);
        return keys;
    }

    /** MEMORY STATS: Redis's names for what Larder can count (the Java heap stands for the allocator). */
    private static Reply memoryStats(Invocation c) {
        Runtime runtime = Runtime.getRuntime();
        long heapUsed = runtime.totalMemory() - runtime.freeMemory();
        long keys = totalKeys(c);
        long dataset = c.keyspace().storeStats().memory().memoryTierBytes();
        return new Reply.Map(List.of(
                Reply.Bulk.of("total.allocated"), new Reply.Integer(heapUsed),
                Reply.Bulk.of("keys.count"), new Reply.Integer(keys),
                Reply.Bulk.of("keys.bytes-per-key"), new Reply.Integer(keys == 0 ? 0 : heapUsed / keys),
                Reply.Bulk.of("dataset.bytes"), new Reply.Integer(dataset),
                Reply.Bulk.of("dataset.percentage"), new Reply.Double(heapUsed == 0 ? 0 : 100.0 * dataset / heapUsed)));
    }
}
