package dev.larder.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How two replies to the same command are compared. Byte for byte, except where Redis itself is not
 * deterministic (key order, random picks, clocks, ids, memory figures); there the rule compares what
 * is still fixed. Whatever the rule, two errors are compared byte for byte, and an error never
 * matches a non-error.
 */
@FunctionalInterface
interface ReplyRule {
    /** Why the replies differ, or null when they agree. */
    String difference(RespNode expected, RespNode actual);

    ReplyRule EXACT = (expected, actual) -> Arrays.equals(expected.raw(), actual.raw()) ? null : "replies differ";

    /** KEYS: the same keys in any order. */
    ReplyRule ANY_ORDER = (expected, actual) -> sameOrError(expected, actual,
            () -> sorted(expected.children()).equals(sorted(actual.children())) ? null : "different elements (order ignored)");

    /** CONFIG GET: the same name-value pairs in any order. */
    ReplyRule PAIRS_ANY_ORDER = (expected, actual) -> sameOrError(expected, actual,
            () -> sortedPairs(expected.children()).equals(sortedPairs(actual.children())) ? null : "different pairs (order ignored)");

    /** RANDOMKEY: a key or none, whichever key it is. */
    ReplyRule NIL_OR_NOT = (expected, actual) -> sameOrError(expected, actual, () -> null);

    /** INFO, CLIENT LIST, MEMORY USAGE...: the same kind of reply, content not compared. */
    ReplyRule SAME_KIND = NIL_OR_NOT;

    /** TIME: two decimal strings. */
    ReplyRule CLOCK = (expected, actual) -> sameOrError(expected, actual,
            () -> actual.children().size() == 2 && actual.children().stream().allMatch(n -> n.text().matches("[0-9]+"))
                    ? null : "not two decimal strings");

    /** HELLO: everything but the connection id. */
    ReplyRule HELLO = (expected, actual) -> sameOrError(expected, actual,
            () -> withoutId(expected).equals(withoutId(actual)) ? null : "replies differ (id ignored)");

    /** TTL, EXPIRETIME: seconds may tick between the two servers. */
    ReplyRule TTL_SECONDS = within(1);
    /** PTTL, PEXPIRETIME: milliseconds, with a one-second allowance. */
    ReplyRule TTL_MILLIS = within(1000);

    /** SCAN from cursor 0: the harness completes the iteration on both sides and compares the keys. */
    ReplyRule SCAN_ALL = (expected, actual) -> NIL_OR_NOT.difference(expected, actual);

    /** The rule for a command's reply. */
    static ReplyRule of(Step.Command command) {
        return switch (command.name()) {
            case "KEYS" -> ANY_ORDER;
            case "SCAN" -> command.word(1).equals("0") ? SCAN_ALL : SAME_KIND;
            case "RANDOMKEY" -> NIL_OR_NOT;
            case "TIME" -> CLOCK;
            case "INFO", "BGSAVE" -> SAME_KIND;
            case "HELLO" -> HELLO;
            // EXPIRETIME after a relative EXPIRE is "now" plus the TTL, read on two clocks.
            case "TTL", "EXPIRETIME" -> TTL_SECONDS;
            case "PTTL", "PEXPIRETIME" -> TTL_MILLIS;
            case "CLIENT" -> switch (command.word(1)) {
                case "ID", "LIST", "INFO" -> SAME_KIND;
                default -> EXACT;
            };
            // COUNT and LIST count and name every command Redis has; Larder has fewer.
            // INFO and DOCS without names list every command in hash-table order.
            case "COMMAND" -> switch (command.word(1)) {
                case "", "COUNT", "LIST" -> SAME_KIND;
                case "INFO", "DOCS" -> command.args().size() == 2 ? SAME_KIND : EXACT;
                default -> EXACT;
            };
            case "CONFIG" -> command.word(1).equals("GET") ? PAIRS_ANY_ORDER : EXACT;
            case "MEMORY" -> command.word(1).equals("USAGE") ? SAME_KIND : EXACT;
            default -> EXACT;
        };
    }

    private static ReplyRule within(long tolerance) {
        return (expected, actual) -> sameOrError(expected, actual, () -> {
            long e = Long.parseLong(expected.line());
            long a = Long.parseLong(actual.line());
            if (e < 0 || a < 0) return e == a ? null : "replies differ";
            return Math.abs(e - a) <= tolerance ? null : "differ by more than " + tolerance;
        });
    }

    /** Runs {@code content} only when both replies are of the same kind and neither is an error. */
    private static String sameOrError(RespNode expected, RespNode actual, java.util.function.Supplier<String> content) {
        if (expected.isError() || actual.isError()) return EXACT.difference(expected, actual);
        if (expected.type() != actual.type() || expected.isNull() != actual.isNull()) return "different kinds of reply";
        return content.get();
    }

    private static List<String> sorted(List<RespNode> nodes) {
        return nodes.stream().map(ReplyRule::latin1).sorted().toList();
    }

    private static List<String> sortedPairs(List<RespNode> nodes) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < nodes.size(); i += 2) {
            pairs.add(latin1(nodes.get(i)) + " => " + latin1(nodes.get(i + 1)));
        }
        if (nodes.size() % 2 != 0) pairs.add("odd element count " + nodes.size());
        pairs.sort(Comparator.naturalOrder());
        return pairs;
    }

    private static String withoutId(RespNode node) {
        return latin1(node).replaceAll("\\$2\r\nid\r\n:[0-9]+\r\n", "\\$2\r\nid\r\n:ID\r\n");
    }

    /** The node's bytes as a string, one char per byte, for exact comparison. */
    private static String latin1(RespNode node) {
        return new String(node.raw(), StandardCharsets.ISO_8859_1);
    }
}
