package dev.larder.server.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the keys in a full command line as Redis 7.0's {@code getKeysFromCommandWithSpecs} does for
 * COMMAND GETKEYS: from the command's key specs, unless a spec says its flags vary by argument, in
 * which case Redis runs the command's own key finder (here: SET's, the only such command we serve).
 */
final class KeyFinder {
    /** A key and the access flags Redis reports for it (GETKEYSANDFLAGS). */
    record FoundKey(byte[] key, List<String> flags) {}

    private static final Map<String, Function<List<byte[]>, List<FoundKey>>> OWN_FINDERS = Map.of("set", KeyFinder::setKeys);

    private KeyFinder() {}

    /** True if {@link #find} can answer for this command; checked once when the catalog loads. */
    static boolean supports(CommandInfo command) {
        return !command.hasVariableKeyFlags() || OWN_FINDERS.containsKey(command.name());
    }

    /** The keys of {@code argv} (command name first); empty when its key specs do not fit the arguments. */
    static List<FoundKey> find(CommandInfo command, List<byte[]> argv) {
        if (command.hasVariableKeyFlags()) return OWN_FINDERS.get(command.name()).apply(argv);
        List<FoundKey> keys = new ArrayList<>();
        for (CommandInfo.KeySpec spec : command.keySpecs()) {
            if (spec.flags().contains("not_key")) continue;
            int argc = argv.size();
            int first = spec.index();
            int last = lastKeyIndex(spec, argc);
            // Out of bounds: Redis drops every key found so far (and has no other finder for these commands).
            if (last >= argc || last < first || first >= argc) return List.of();
            for (int i = first; i <= last; i += spec.keyStep()) keys.add(new FoundKey(argv.get(i), spec.flags()));
            if (spec.flags().contains("incomplete")) return List.of();
        }
        return keys;
    }

    private static int lastKeyIndex(CommandInfo.KeySpec spec, int argc) {
        if (spec.lastKey() >= 0) return spec.index() + spec.lastKey();
        if (spec.limit() == 0) return argc + spec.lastKey();
        return spec.index() + (argc - spec.index()) / spec.limit() + spec.lastKey();
    }

    /** Redis's {@code setGetKeys}: the key is always argument 1; GET (from argument 3 on) makes it read too. */
    private static List<FoundKey> setKeys(List<byte[]> argv) {
        for (int i = 3; i < argv.size(); i++) {
            if (isGet(argv.get(i))) return List.of(new FoundKey(argv.get(1), List.of("RW", "access", "update")));
        }
        return List.of(new FoundKey(argv.get(1), List.of("OW", "update")));
    }

    /** Case-insensitive "get" read as a C string, as Redis does: a NUL ends the argument. */
    private static boolean isGet(byte[] arg) {
        return arg.length >= 3 && (arg[0] | 0x20) == 'g' && (arg[1] | 0x20) == 'e' && (arg[2] | 0x20) == 't'
                && (arg.length == 3 || arg[3] == 0);
    }
}
