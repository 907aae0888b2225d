package dev.larder.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random scripts over a small key space (five keys, databases 0 and 1) that mix well-formed
 * commands with ill-formed ones: numbers at and past the 64-bit limits, floats, garbage, random
 * option combinations, missing and extra arguments. Relative expiry times are at least 1000 s and
 * absolute ones are far in the future or long past, so no key expires while a script runs.
 * The same seed always gives the same scripts.
 */
final class RandomScriptGenerator {
    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "\"b\\x00\\xff\"");
    private static final List<String> VALUES = List.of("\"\"", "v", "\"hello world\"", "0", "1", "-1", "10", "-10", "42",
            "9223372036854775806", "9223372036854775807", "-9223372036854775808", "-9223372036854775807", "3.5",
            "-0.25", "1e3", "abc", "007", "\" 1\"", "\"\\x00\\xff\\r\\n\"", "x".repeat(200));
    private static final List<String> INTEGERS = List.of("0", "1", "-1", "7", "-7", "100", "9223372036854775807",
            "-9223372036854775808", "9223372036854775806", "9223372036854775808", "-9223372036854775809", "1.5",
            "abc", "\"\"", "+1", "01", "-0");
    private static final List<String> FLOATS = List.of("0.1", "-0.1", "1.5", "3", "1e3", "-2.5e-3", "1e308", "-1e308",
            "inf", "-inf", "nan", "abc", "\"\"", "5.", ".5", "-0", "0x10", "1e-20", "123456789.987654321", "17");
    // Expiry times: the first list of each pair is valid (and never expires a key during a run, or
    // expires it at once), the second is not; valid ones are drawn three times in four.
    // Relative times are drawn from a rising sequence (see relativeSeconds) or are 0 or -1, which
    // delete at once: two equal relative times set a few milliseconds apart would make GT and LT
    // depend on whether the clock ticked in between.
    private static final List<String> BAD_SECONDS = List.of("abc", "1.5", "9223372036854775807", "\"\"", "9223372036854775808");
    private static final List<String> BAD_MILLIS = List.of("abc", "9223372036854775807", "1.0");
    private static final List<String> UNIX_SECONDS = List.of("4102444800", "4102448400", "1", "0", "-5", "9223372036854775");
    private static final List<String> BAD_UNIX_SECONDS = List.of("abc", "9223372036854775807");
    private static final List<String> UNIX_MILLIS = List.of("4102444800000", "4102448400123", "1", "0", "-5",
            "9223372036854775807");
    private static final List<String> BAD_UNIX_MILLIS = List.of("abc", "9223372036854775808", "+1");
    // SET with a past EXAT/PXAT leaves an expired key that DBSIZE counts until Redis's active expiry
    // happens to reclaim it: not deterministic, so SET only gets future times.
    private static final List<String> FUTURE_UNIX_SECONDS = List.of("4102444800", "4102448400", "9223372036854775");
    private static final List<String> FUTURE_UNIX_MILLIS = List.of("4102444800000", "4102448400123", "9223372036854775807");
    private static final List<String> OFFSETS = List.of("0", "1", "2", "5", "10", "20", "-1", "-3", "-100",
            "536870912", "abc", "9223372036854775807", "-9223372036854775808");
    private static final List<String> PATTERNS = List.of("*", "k*", "k?", "k[0-2]", "k[^1]", "\"b\\x00*\"", "nomatch",
            "*1", "\"\"", "[", "k\\\\1");
    /** Whole arguments, not script text: "" is the empty string. */
    private static final List<String> GARBAGE = List.of("FOO", "", "-1", "NX", "EX", "9223372036854775808", "x y", "\u0000");

    private final Random random;
    private final List<Supplier<String>> commands = new ArrayList<>();
    private long nextRelativeSeconds = 1000;

    RandomScriptGenerator(long seed) {
        this.random = new Random(seed);
        register();
    }

    /**
     * A script of {@code length} steps; when {@code pipelined} they are sent as one batch, so SCAN
     * (whose iteration must follow its first page at once) is left out.
     */
    Script script(String name, int length, boolean pipelined) {
        List<Step.Command> steps = new ArrayList<>();
        while (steps.size() < length) {
            Step.Command command = mutate(CommandText.parse(pick(commands).get()));
            if (pipelined && command.name().equals("SCAN")) continue;
            steps.add(command);
        }
        Script script = Script.named(name);
        if (pipelined) return script.step(new Step.Pipeline(steps));
        steps.forEach(script::step);
        return script;
    }

    /**
     * {@code keys} random keys, then {@code patterns} random glob patterns for KEYS (and every
     * tenth for SCAN MATCH), both drawn from the characters that glob matching treats specially.
     */
    Script globScript(String name, int keys, int patterns) {
        Script script = Script.named(name);
        for (int i = 0; i < keys; i++) script.cmd(bytes("SET"), randomText("ab[]-^\\*?", 1, 5), bytes("v"));
        for (int i = 0; i < patterns; i++) {
            byte[] pattern = randomText("ab[]-^\\*?!", 1, 7);
            script.cmd(bytes("KEYS"), pattern);
            if (i % 10 == 0) script.cmd(bytes("SCAN"), bytes("0"), bytes("MATCH"), pattern, bytes("COUNT"), bytes("3"));
        }
        return script;
    }

    private byte[] randomText(String alphabet, int minLength, int maxLength) {
        byte[] text = new byte[minLength + random.nextInt(maxLength - minLength + 1)];
        for (int i = 0; i < text.length; i++) text[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        return text;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void register() {
        weighted(6, () -> "GET " + key());
        weighted(8, () -> "SET " + key() + " " + value() + setOptions());
        weighted(2, () -> "SETNX " + key() + " " + value());
        weighted(2, () -> "SETEX " + key() + " " + relative(1, BAD_SECONDS) + " " + value());
        weighted(2, () -> "PSETEX " + key() + " " + relative(1000, BAD_MILLIS) + " " + value());
        weighted(2, () -> "MGET " + keys(1, 4));
        weighted(2, () -> "MSET " + pairs(1, 3));
        weighted(2, () -> "MSETNX " + pairs(1, 3));
        weighted(2, () -> "GETSET " + key() + " " + value());
        weighted(2, () -> "GETDEL " + key());
        weighted(3, () -> "GETEX " + key() + getexOptions());
        weighted(3, () -> "APPEND " + key() + " " + value());
        weighted(2, () -> "STRLEN " + key());
        weighted(3, () -> pick(List.of("INCR ", "DECR ")) + key());
        weighted(4, () -> pick(List.of("INCRBY ", "DECRBY ")) + key() + " " + pick(INTEGERS));
        weighted(4, () -> "INCRBYFLOAT " + key() + " " + pick(FLOATS));
        weighted(3, () -> "GETRANGE " + key() + " " + pick(OFFSETS) + " " + pick(OFFSETS));
        weighted(3, () -> "SETRANGE " + key() + " " + pick(OFFSETS) + " " + value());
        weighted(3, () -> pick(List.of("DEL ", "UNLINK ", "EXISTS ", "TOUCH ")) + keys(1, 3));
        weighted(2, () -> "TYPE " + key());
        weighted(6, this::expire);
        weighted(4, () -> pick(List.of("TTL ", "PTTL ", "EXPIRETIME ", "PEXPIRETIME ")) + key());
        weighted(2, () -> "PERSIST " + key());
        weighted(2, () -> "KEYS " + pick(PATTERNS));
        weighted(2, this::scan);
        weighted(1, () -> "RANDOMKEY");
        weighted(3, () -> pick(List.of("RENAME ", "RENAMENX ")) + key() + " " + key());
        weighted(3, this::copy);
        weighted(2, () -> "DBSIZE");
        weighted(3, () -> "SELECT " + pick(List.of("0", "1", "0", "1", "16", "-1", "x")));
        weighted(1, () -> pick(List.of("FLUSHDB", "FLUSHDB ASYNC", "FLUSHALL SYNC", "FLUSHDB FOO")));
        weighted(1, () -> pick(List.of("PING", "PING " + value(), "ECHO " + value(), "ECHO")));
        weighted(1, () -> pick(List.of("HELLO 2", "HELLO 3", "HELLO 4", "HELLO x")));
        weighted(1, () -> pick(List.of("CLIENT SETNAME n" + random.nextInt(3), "CLIENT GETNAME", "CLIENT SETNAME \"a b\"")));
        weighted(1, () -> pick(List.of("CONFIG GET maxmemory", "CONFIG GET timeout", "CONFIG GET maxclients")));
        weighted(1, () -> pick(List.of("FOOBAR " + key(), "AUTH x", "MEMORY USAGE " + key())));
        weighted(1, () -> pick(List.of("RESET", "CLIENT ID", "TIME", "INFO keyspace", "COMMAND INFO " + pick(List.of("get", "set", "scan")))));
    }

    private String setOptions() {
        List<String> options = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            options.add(pick(List.of("NX", "XX", "GET", "KEEPTTL", "EX " + relative(1, BAD_SECONDS),
                    "PX " + relative(1000, BAD_MILLIS), "EXAT " + time(FUTURE_UNIX_SECONDS, BAD_UNIX_SECONDS),
                    "PXAT " + time(FUTURE_UNIX_MILLIS, BAD_UNIX_MILLIS))));
        }
        return joined(options);
    }

    private String getexOptions() {
        List<String> options = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            options.add(pick(List.of("PERSIST", "EX " + relative(1, BAD_SECONDS), "PX " + relative(1000, BAD_MILLIS),
                    "EXAT " + time(UNIX_SECONDS, BAD_UNIX_SECONDS), "PXAT " + time(UNIX_MILLIS, BAD_UNIX_MILLIS))));
        }
        return joined(options);
    }

    private String expire() {
        String command = pick(List.of("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"));
        String time = switch (command) {
            case "EXPIRE" -> relative(1, BAD_SECONDS);
            case "PEXPIRE" -> relative(1000, BAD_MILLIS);
            case "EXPIREAT" -> time(UNIX_SECONDS, BAD_UNIX_SECONDS);
            default -> time(UNIX_MILLIS, BAD_UNIX_MILLIS);
        };
        List<String> flags = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) flags.add(pick(List.of("NX", "XX", "GT", "LT")));
        return command + " " + key() + " " + time + joined(flags);
    }

    private String scan() {
        List<String> options = new ArrayList<>();
        if (random.nextBoolean()) options.add("MATCH " + pick(PATTERNS));
        if (random.nextBoolean()) options.add("COUNT " + pick(List.of("1", "2", "10", "0", "-1", "x")));
        if (random.nextInt(4) == 0) options.add("TYPE " + pick(List.of("string", "list", "STRING")));
        return "SCAN 0" + joined(options);
    }

    private String copy() {
        List<String> options = new ArrayList<>();
        if (random.nextBoolean()) options.add("DB " + pick(List.of("0", "1", "1", "16", "x")));
        if (random.nextBoolean()) options.add("REPLACE");
        return "COPY " + key() + " " + key() + joined(options);
    }

    /** Sometimes breaks a well-formed command: drops its last word, adds one, or replaces one. */
    private Step.Command mutate(Step.Command command) {
        int roll = random.nextInt(100);
        if (roll >= 9) return command;
        List<byte[]> args = new ArrayList<>(command.args());
        byte[] garbage = pick(GARBAGE).getBytes(StandardCharsets.ISO_8859_1);
        if (roll < 3 && args.size() > 1) args.removeLast();
        else if (roll < 6) args.add(garbage);
        else if (args.size() > 1) args.set(1 + random.nextInt(args.size() - 1), garbage);
        return new Step.Command(args);
    }

    private void weighted(int weight, Supplier<String> command) {
        for (int i = 0; i < weight; i++) commands.add(command);
    }

    /**
     * A relative expiry in seconds ({@code unit} 1) or milliseconds (1000): three times in four a
     * valid one, at least 10 s later than any drawn before in this generator, or 0 or -1.
     */
    private String relative(int unit, List<String> invalid) {
        if (random.nextInt(4) == 0) return pick(invalid);
        if (random.nextInt(6) == 0) return pick(List.of("0", "-1"));
        nextRelativeSeconds += 10 + random.nextInt(1000);
        return Long.toString(nextRelativeSeconds * unit);
    }

    private String time(List<String> valid, List<String> invalid) {
        return pick(random.nextInt(4) == 0 ? invalid : valid);
    }

    private String key() {
        return pick(KEYS);
    }

    private String value() {
        return pick(VALUES);
    }

    private String keys(int min, int max) {
        List<String> keys = new ArrayList<>();
        for (int n = min + random.nextInt(max - min + 1); n > 0; n--) keys.add(key());
        return String.join(" ", keys);
    }

    private String pairs(int min, int max) {
        List<String> pairs = new ArrayList<>();
        for (int n = min + random.nextInt(max - min + 1); n > 0; n--) pairs.add(key() + " " + value());
        return String.join(" ", pairs);
    }

    /** Options in the order drawn, each in random letter case (Redis ignores case in options). */
    private String joined(List<String> options) {
        StringBuilder text = new StringBuilder();
        for (String option : options) text.append(' ').append(random.nextInt(4) == 0 ? option.toLowerCase(Locale.ROOT) : option);
        return text.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
