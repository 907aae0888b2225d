package dev.larder.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a command answers, independent of the protocol version: {@link ReplyEncoder} writes it as
 * RESP3, or downgrades it to RESP2 as Redis does (maps flatten into arrays, doubles and verbatim
 * strings become bulk strings, booleans integers, null the RESP2 null of its context). Immutable.
 */
public sealed interface Reply {
    /** {@code +OK}: a short status without CR or LF. */
    record Simple(String text) implements Reply {}

    /** {@code -ERR ...}: the text includes its code ({@code ERR}, {@code WRONGTYPE}, ...). */
    record Error(String text) implements Reply {}

    record Integer(long value) implements Reply {}

    /** A binary-safe string. */
    record Bulk(byte[] bytes) implements Reply {
        public static Bulk of(String text) {
            return new Bulk(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A bulk string kept on disk in chunks: the connection streams it one verified chunk at a
     * time. A whole reply (GET's) or an element of a top-level {@link Array} (MGET's), never
     * deeper; {@link ReplyEncoder} cannot write it.
     */
    record Chunked(dev.larder.disk.ChunkedValue value) implements Reply {}

    /** RESP3 {@code =}: text with a three-letter format ({@code txt}, {@code mkd}). */
    record Verbatim(String format, String text) implements Reply {}

    record Double(double value) implements Reply {}

    record Boolean(boolean value) implements Reply {}

    record Array(List<Reply> items) implements Reply {}

    /** RESP3 {@code ~}; RESP2 an array. */
    record Set(List<Reply> items) implements Reply {}

    /** RESP3 {@code %}: keys and values alternate; RESP2 a flat array of them. */
    record Map(List<Reply> keysAndValues) implements Reply {}

    /**
     * A reply captured verbatim, per protocol version: {@link ReplyEncoder} copies {@code resp2} or
     * {@code resp3} unchanged. For fixed replies too rich to rebuild (COMMAND INFO, COMMAND DOCS).
     * Each array must hold exactly one complete reply; the arrays are not copied, so never mutate them.
     */
    record Raw(byte[] resp2, byte[] resp3) implements Reply {}

    /** Absence: RESP3 {@code _}; RESP2 {@code $-1} (a missing string) or {@code *-1} (a missing array). */
    enum Null implements Reply { STRING, ARRAY }

    Reply OK = new Simple("OK");
    Reply ONE = new Integer(1);
    Reply EMPTY_ARRAY = new Array(List.of());

    static Reply error(String text) {
        return new Error(text);
    }

    /** An array of simple strings, one per line: what every HELP subcommand answers. */
    static Reply simpleStrings(List<String> lines) {
        return new Array(lines.stream().<Reply>map(Simple::new).toList());
    }
}
