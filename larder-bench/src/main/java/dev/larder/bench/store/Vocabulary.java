package dev.larder.bench.store;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Source-code-like tokens for names and text content. A fixed list plus generated identifiers, so
 * text compresses about as well as real JavaScript (zstd -3: roughly 3-4x), not like a repeated block.
 */
final class Vocabulary {
    private static final String[] KEYWORDS = {"function", "return", "const", "let", "var", "if", "else", "for",
            "while", "this", "new", "typeof", "undefined", "null", "true", "false", "require", "module", "exports",
            "import", "from", "export", "default", "async", "await", "class", "extends", "prototype", "Object",
            "Array", "String", "length", "value", "options", "callback", "error", "result", "data", "index", "key"};
    private static final String[] SEPARATORS = {" ", " ", " ", " = ", "(", ") ", "; ", ".", ", ", "\n", "\n  ", " { ", " }\n"};
    private static final int GENERATED = 2_000;
    private static final byte[][] TOKENS = tokens();
    private static final byte[][] SEPARATOR_BYTES = bytes(SEPARATORS);

    private Vocabulary() {}

    static String word(SplittableRandom rng) {
        return new String(TOKENS[rng.nextInt(TOKENS.length)], StandardCharsets.US_ASCII);
    }

    /** Fills {@code buf[0..len)} with text-like bytes drawn from {@code rng}. */
    static void fillText(SplittableRandom rng, byte[] buf, int len) {
        int at = 0;
        while (at < len) {
            at = put(TOKENS[rng.nextInt(TOKENS.length)], buf, at, len);
            at = put(SEPARATOR_BYTES[rng.nextInt(SEPARATOR_BYTES.length)], buf, at, len);
        }
    }

    private static int put(byte[] token, byte[] buf, int at, int len) {
        int n = Math.min(token.length, len - at);
        System.arraycopy(token, 0, buf, at, n);
        return at + n;
    }

    private static byte[][] tokens() {
        SplittableRandom rng = new SplittableRandom(42); // fixed: the vocabulary is part of the tree's definition
        byte[][] tokens = new byte[KEYWORDS.length + GENERATED][];
        byte[][] keywords = bytes(KEYWORDS);
        System.arraycopy(keywords, 0, tokens, 0, keywords.length);
        for (int i = keywords.length; i < tokens.length; i++) tokens[i] = identifier(rng);
        return tokens;
    }

    private static byte[] identifier(SplittableRandom rng) {
        byte[] id = new byte[3 + rng.nextInt(10)];
        for (int i = 0; i < id.length; i++) id[i] = (byte) ('a' + rng.nextInt(26));
        return id;
    }

    private static byte[][] bytes(String[] strings) {
        byte[][] out = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) out[i] = strings[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }
}
