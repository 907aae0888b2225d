package dev.larder.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One parsed RESP2/RESP3 reply, just enough to normalise replies that Redis itself does not fix
 * (key order, cursors): its type byte, its header line, its payload and its elements.
 *
 * @param type the first byte: {@code + - : $ * _ % ~ = ,} ...
 * @param line the header line after the type byte (a length, a number, a status text)
 * @param payload a bulk or verbatim string's bytes, else empty
 * @param children an aggregate's elements (a map's keys and values alternate)
 * @param raw this node's bytes as received
 */
record RespNode(char type, String line, byte[] payload, List<RespNode> children, byte[] raw) {

    static RespNode parse(byte[] bytes) {
        Parser parser = new Parser(bytes);
        RespNode node = parser.node();
        if (parser.position != bytes.length) throw new IllegalArgumentException("trailing bytes after a reply");
        return node;
    }

    boolean isError() {
        return type == '-' || type == '!';
    }

    boolean isNull() {
        return type == '_' || (type == '$' && line.equals("-1")) || (type == '*' && line.equals("-1"));
    }

    boolean isAggregate() {
        return type == '*' || type == '%' || type == '~' || type == '>' || type == '|';
    }

    /** A bulk or simple string's text (Latin-1, byte for byte). */
    String text() {
        return type == '$' || type == '=' ? new String(payload, StandardCharsets.ISO_8859_1) : line;
    }

    private static final class Parser {
        private final byte[] bytes;
        private int position;

        Parser(byte[] bytes) {
            this.bytes = bytes;
        }

        RespNode node() {
            int start = position;
            char type = (char) bytes[position++];
            String line = line();
            byte[] payload = new byte[0];
            List<RespNode> children = new ArrayList<>();
            switch (type) {
                case '$', '=', '!' -> {
                    int length = Integer.parseInt(line);
                    if (length >= 0) {
                        payload = Arrays.copyOfRange(bytes, position, position + length);
                        position += length + 2;
                    }
                }
                case '*', '~', '>' -> {
                    for (int i = Integer.parseInt(line); i > 0; i--) children.add(node());
                }
                case '%', '|' -> {
                    for (int i = 2 * Integer.parseInt(line); i > 0; i--) children.add(node());
                }
                default -> { }
            }
            return new RespNode(type, line, payload, List.copyOf(children), Arrays.copyOfRange(bytes, start, position));
        }

        private String line() {
            int start = position;
            while (!(bytes[position] == '\r' && bytes[position + 1] == '\n')) position++;
            String line = new String(bytes, start, position - start, StandardCharsets.ISO_8859_1);
            position += 2;
            return line;
        }
    }
}
