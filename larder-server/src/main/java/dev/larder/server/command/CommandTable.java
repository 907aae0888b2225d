package dev.larder.server.command;

import dev.larder.disk.WritesRefusedException;
import dev.larder.server.protocol.Reply;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
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
    /**
     * The same specs, found from the request's bytes without making a String: open addressing on
     * an ASCII case-folded hash. Turning every command name into a String (and lower-casing it when
     * the first try missed) was a tenth of a pipelined GET's time.
     */
    private final Spec[] slots = new Spec[1024];

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
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || specs.size() >= slots.length / 2) {
            throw new IllegalArgumentException("command names are lower case, and at most " + slots.length / 2 + ": " + name);
        }
        Spec spec = new Spec(name, arity, flag, command);
        specs.put(name, spec);
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        int slot = foldedHash(bytes) & (slots.length - 1);
        while (slots[slot] != null) slot = (slot + 1) & (slots.length - 1);
        slots[slot] = spec;
    }

    /** The command named {@code name} in any letter case, or null. */
    Spec lookup(byte[] name) {
        for (int slot = foldedHash(name) & (slots.length - 1); slots[slot] != null; slot = (slot + 1) & (slots.length - 1)) {
            if (sameIgnoringAsciiCase(name, slots[slot].name)) return slots[slot];
        }
        return null;
    }

    private static int foldedHash(byte[] name) {
        int h = 0;
        for (byte b : name) h = 31 * h + fold(b);
        return h ^ (h >>> 9);
    }

    private static int fold(byte b) {
        return b >= 'A' && b <= 'Z' ? b | 0x20 : b;
    }

    /** {@code lowerName} is ASCII lower case; non-ASCII bytes never match it, as before. */
    private static boolean sameIgnoringAsciiCase(byte[] name, String lowerName) {
        if (name.length != lowerName.length()) return false;
        for (int i = 0; i < name.length; i++) if (fold(name[i]) != lowerName.charAt(i)) return false;
        return true;
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

    private static final List<String> EVERY_ARGUMENT_A_KEY = List.of("mget", "del", "unlink", "exists", "touch");

    /**
     * Where a command's keys are, for warming the directory: every second argument from the first
     * (MSET, MSETNX), every argument (MGET, DEL, UNLINK, EXISTS, TOUCH), or 0 for the first alone.
     * Only a hint: a wrong guess costs a lookup of something that is not a key.
     */
    public static int keyStep(byte[] name) {
        int first = name.length == 0 ? 0 : name[0] | 0x20;
        if (first != 'm' && first != 'd' && first != 'u' && first != 'e' && first != 't') return 0; // GET, SET, INCR: at once
        if (named(name, "mset") || named(name, "msetnx")) return 2;
        for (String command : EVERY_ARGUMENT_A_KEY) if (named(name, command)) return 1;
        return 0;
    }

    /** The whole name, as {@link #lookup} compares it (no C-string end at a NUL). */
    private static boolean named(byte[] name, String command) {
        return name.length == command.length() && Arguments.equalsIgnoreCase(name, command);
    }

    /** True for GET: the commands whose keys a pipeline may prefetch in one batch. */
    public static boolean isGet(byte[] name) {
        return name.length == 3 && Arguments.equalsIgnoreCase(name, "get");
    }

    public Reply execute(Invocation c) {
        Spec spec = lookup(c.arg(0));
        if (spec == null) return unknownCommand(c);
        c.session().ran(spec.name);
        int argc = c.argc();
        if (spec.arity > 0 ? argc != spec.arity : argc < -spec.arity) return Errors.wrongArity(spec.name);
        if (!c.session().authenticated() && spec.flag != Flag.NO_AUTH) return Errors.NOAUTH;
        try {
            return spec.command.execute(c);
        } catch (UncheckedIOException e) {
            return diskError(e);
        } catch (IllegalStateException e) { // the index full, the store closing under a shutdown
            return Errors.format("ERR " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Errors.format("ERR " + e.getMessage());
        }
    }

    /**
     * A disk error. After a failed write the engine takes no more writes until the server
     * restarts, and Redis answers a failed AOF write the same way, with MISCONF: the write was
     * refused (a command of several keys may have changed those before it), and reads keep
     * working. Any other I/O error (a read that failed) is reported as what it is.
     */
    private static Reply diskError(UncheckedIOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof WritesRefusedException refused) {
                return Errors.format("MISCONF Errors writing to the data file: " + refused.getCause().getMessage()
                        + ". Writes are refused until the server restarts; reads keep working.");
            }
        }
        return Errors.format("ERR disk error: " + e.getCause().getMessage());
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
