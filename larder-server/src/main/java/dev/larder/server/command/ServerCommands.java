package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.util.Arrays;
import java.util.List;

/** INFO, CONFIG, TIME, SAVE, BGSAVE, SHUTDOWN, MEMORY, COMMAND. */
final class ServerCommands {
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
        if (sub.equals("help") && c.argc() == 2) {
            return new Reply.Array(List.of(
                    new Reply.Simple("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                    new Reply.Simple("USAGE <key> [SAMPLES <count>]"),
                    new Reply.Simple("    Return memory in bytes used by <key> and its value."),
                    new Reply.Simple("HELP"),
                    new Reply.Simple("    Print this help.")));
        }
        return Errors.unknownSubcommand(c.text(1), "MEMORY");
    }
}
