package dev.larder.server.command;

import dev.larder.server.keyspace.Glob;
import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code COMMAND} and its subcommands over a {@link CommandCatalog}, with redis-server 7.0.15's
 * replies and error texts. Subcommand arities come from the catalog's own {@code command|*} entries.
 */
final class CommandFamily {
    private static final List<String> HELP = List.of(
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
            "HELP",
            "    Prints this help.");
    private static final Reply HELP_REPLY = Reply.simpleStrings(HELP);
    private static final Reply SYNTAX_ERROR = Reply.error("ERR syntax error");
    /** Redis prints a rejected subcommand with {@code %.128s}. */
    private static final int MAX_ECHOED_BYTES = 128;

    private final CommandCatalog catalog;

    CommandFamily(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    Reply answer(List<byte[]> args) {
        if (args.isEmpty()) return info(List.of());
        String name = CommandCatalog.asciiLowerCase(args.getFirst());
        CommandCatalog.Entry subcommand = catalog.entry("command|" + name);
        if (subcommand == null) return unknownSubcommand(args.getFirst());
        if (!acceptsArgumentCount(subcommand.info().arity(), args.size() + 1)) {
            return Reply.error("ERR wrong number of arguments for '" + subcommand.name() + "' command");
        }
        List<byte[]> rest = args.subList(1, args.size());
        return switch (name) {
            case "count" -> new Reply.Integer(catalog.topLevel().size());
            case "list" -> list(rest);
            case "info" -> info(rest);
            case "docs" -> docs(rest);
            case "getkeys" -> keys(rest, false);
            case "getkeysandflags" -> keys(rest, true);
            case "help" -> HELP_REPLY;
            default -> unknownSubcommand(args.getFirst());
        };
    }

    /** Redis's arity rule: positive = exactly, negative = at least; argc counts the command name. */
    private static boolean acceptsArgumentCount(int arity, int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    private Reply info(List<byte[]> names) {
        if (names.isEmpty()) return new Reply.Array(catalog.topLevel().stream().<Reply>map(CommandCatalog.Entry::infoReply).toList());
        List<Reply> items = new ArrayList<>(names.size());
        for (byte[] name : names) {
            CommandCatalog.Entry entry = catalog.entry(CommandCatalog.asciiLowerCase(name));
            items.add(entry == null ? Reply.Null.STRING : entry.infoReply());
        }
        return new Reply.Array(items);
    }

    /** Unknown names are left out, as Redis does. */
    private Reply docs(List<byte[]> names) {
        List<CommandCatalog.Entry> entries = names.isEmpty() ? catalog.topLevel()
                : names.stream().map(n -> catalog.entry(CommandCatalog.asciiLowerCase(n))).filter(e -> e != null).toList();
        List<Reply> keysAndValues = new ArrayList<>(2 * entries.size());
        for (CommandCatalog.Entry entry : entries) {
            keysAndValues.add(Reply.Bulk.of(entry.name()));
            keysAndValues.add(entry.docsReply());
        }
        return new Reply.Map(keysAndValues);
    }

    /** {@code LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]}; we have no module commands. */
    private Reply list(List<byte[]> args) {
        Predicate<CommandCatalog.Entry> filter;
        if (args.isEmpty()) {
            filter = entry -> true;
        } else if (args.size() == 3 && CommandCatalog.asciiLowerCase(args.get(0)).equals("filterby")) {
            byte[] value = args.get(2);
            filter = switch (CommandCatalog.asciiLowerCase(args.get(1))) {
                case "module" -> entry -> false;
                case "aclcat" -> entry -> entry.info().aclCategories().contains(CommandCatalog.asciiLowerCase(value));
                case "pattern" -> entry -> Glob.matches(value, entry.name().getBytes(StandardCharsets.US_ASCII), true);
                default -> null;
            };
            if (filter == null) return SYNTAX_ERROR;
        } else {
            return SYNTAX_ERROR;
        }
        return new Reply.Array(catalog.listOrder().stream().filter(filter).<Reply>map(e -> Reply.Bulk.of(e.name())).toList());
    }

    /** GETKEYS / GETKEYSANDFLAGS, checked in Redis's order: known command, has keys, arity, keys found. */
    private Reply keys(List<byte[]> commandLine, boolean withFlags) {
        CommandCatalog.Entry target = catalog.resolve(commandLine);
        if (target == null) return Reply.error("ERR Invalid command specified");
        CommandInfo info = target.info();
        if (info.keySpecs().stream().allMatch(spec -> spec.flags().contains("not_key"))) {
            return Reply.error("ERR The command has no key arguments");
        }
        if (!acceptsArgumentCount(info.arity(), commandLine.size())) {
            return Reply.error("ERR Invalid number of arguments specified for command");
        }
        List<KeyFinder.FoundKey> keys = KeyFinder.find(info, commandLine);
        if (keys.isEmpty()) {
            return info.hasFlag("no_mandatory_keys") ? Reply.EMPTY_ARRAY : Reply.error("ERR Invalid arguments specified for command");
        }
        return new Reply.Array(keys.stream().map(key -> withFlags ? keyAndFlags(key) : new Reply.Bulk(key.key())).toList());
    }

    private static Reply keyAndFlags(KeyFinder.FoundKey key) {
        List<Reply> flags = key.flags().stream().<Reply>map(Reply.Simple::new).toList();
        return new Reply.Array(List.of(new Reply.Bulk(key.key()), new Reply.Set(flags)));
    }

    /**
     * Redis echoes the subcommand as a C string cut at 128 bytes, with CR and LF turned into spaces
     * so the error stays one line, and names the container upper-cased.
     */
    private static Reply unknownSubcommand(byte[] subcommand) {
        int end = 0;
        while (end < subcommand.length && end < MAX_ECHOED_BYTES && subcommand[end] != 0) end++;
        byte[] echoed = Arrays.copyOf(subcommand, end);
        for (int i = 0; i < end; i++) if (echoed[i] == '\r' || echoed[i] == '\n') echoed[i] = ' ';
        return Reply.error("ERR unknown subcommand '" + new String(echoed, StandardCharsets.ISO_8859_1) + "'. Try COMMAND HELP.");
    }
}
