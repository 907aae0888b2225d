package dev.larder.server.differential;

import dev.larder.server.testing.RespConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/**
 * Finishes a SCAN iteration that a script started at cursor 0. Which keys a page holds depends on
 * each server's hash table, so only the union of a whole iteration is comparable.
 */
final class ScanCompletion {
    /** Bounds an iteration so a cursor that never returns to 0 fails instead of looping. */
    private static final int MAX_CALLS = 10_000;

    private ScanCompletion() {}

    /** A SCAN reply: [cursor, [keys...]]. */
    static boolean isPage(RespNode node) {
        return node.type() == '*' && node.children().size() == 2 && node.children().get(0).type() == '$'
                && node.children().get(1).type() == '*';
    }

    /**
     * The distinct keys (one char per byte, sorted) of the iteration that began with
     * {@code firstPage}, calling SCAN again with the same options until the cursor is 0.
     *
     * @throws IllegalStateException if a reply is not a SCAN page or the cursor never returns to 0
     */
    static List<String> keys(RespConnection connection, Step.Command scan, RespNode firstPage) {
        TreeSet<String> keys = new TreeSet<>();
        RespNode page = firstPage;
        for (int calls = 1; ; calls++) {
            if (!isPage(page)) throw new IllegalStateException("not a SCAN page: " + ReplyText.render(page.raw()));
            for (RespNode key : page.children().get(1).children()) keys.add(new String(key.payload(), StandardCharsets.ISO_8859_1));
            String cursor = page.children().get(0).text();
            if (cursor.equals("0")) return List.copyOf(keys);
            if (calls >= MAX_CALLS) throw new IllegalStateException("cursor not back to 0 after " + calls + " calls");
            byte[][] args = DifferentialHarness.toArray(scan);
            args[1] = cursor.getBytes(StandardCharsets.ISO_8859_1);
            page = RespNode.parse(connection.call(args));
        }
    }
}
