package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every command by name, and the checks Redis makes before running one, in Redis's order: known
 * command, arity, authentication. Errors from the disk become error replies for that command only.
 */
public final class CommandTable {
    private record Spec(String name, int arity, Flag flag, Command command) {}

    private final Map<String, Spec> specs = new HashMap<>();

    public static CommandTable standard() {
        CommandTable table = new CommandTable();
        ConnectionCommands.register(table);
        ClientCommand.register(table);
        StringCommands.register(table);
        KeyspaceCommands.register(table);
        ServerCommands.register(table);
        return table;
    }

    void add(String name, int arity, Flag flag, Command command) {
        Spec spec = new Spec(name, arity, flag, command);
        specs.put(name, spec);
        specs.put(name.toUpperCase(Locale.ROOT), spec); // clients send either; no lower-casing per call
    }

    private Spec lookup(byte[] name) {
        Spec spec = specs.get(new String(name, StandardCharsets.ISO_8859_1));
        return spec != null ? spec : specs.get(Arguments.lower(name));
    }

    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        for (Spec spec : specs.values()) names.add(spec.name);
        return names;
    }

    /** The lower-case name Redis uses in error texts ("set", "expire"). */
    String fullName(Invocation c) {
        return Arguments.lower(c.arg(0));
    }

    /** True for GET: the commands whose keys a pipeline may prefetch in one batch. */
    public static boolean isGet(byte[] name) {
        return name.length == 3 && Arguments.equalsIgnoreCase(name, "get");
    }

    public Reply execute(Invocation c) {
        Spec spec = lookup(c.arg(0));
        if (spec == null) return unknownCommand(c);
        c.session().interacted(spec.name, System.currentTimeMillis());
        int argc = c.argc();
        if (spec.arity > 0 ? argc != spec.arity : argc < -spec.arity) return Errors.wrongArity(spec.name);
        if (!c.session().authenticated() && spec.flag != Flag.NO_AUTH) return Errors.NOAUTH;
        try {
            return spec.command.execute(c);
        } catch (UncheckedIOException | IllegalStateException e) {
            return Errors.format("ERR disk error, write refused: " + e.getMessage() + " (reads keep working)");
        } catch (IllegalArgumentException e) {
            return Errors.format("ERR " + e.getMessage());
        }
    }

    private static Reply unknownCommand(Invocation c) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < c.argc() && args.length() < 128; i++) {
            int room = 128 - args.length();
            args.append('\'').append(Arguments.cString(c.text(i), room)).append("' ");
        }
        return Errors.format("ERR unknown command '" + Arguments.cString(c.text(0), 128)
                + "', with args beginning with: " + args);
    }

}
