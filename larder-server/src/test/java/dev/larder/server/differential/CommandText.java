package dev.larder.server.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Commands written as text in scripts, and read back in reports. Words are separated by spaces; a
 * word in double quotes may hold spaces, be empty, and use {@code \n \r \t \\ \" \xHH} escapes, so
 * binary data reads as {@code "\x00\xff"}.
 */
final class CommandText {
    private CommandText() {}

    static Step.Command parse(String line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
            } else if (line.charAt(i) == '"') {
                ByteArrayOutputStream word = new ByteArrayOutputStream();
                i = quoted(line, i + 1, word);
                words.add(word.toByteArray());
            } else {
                int end = line.indexOf(' ', i);
                if (end < 0) end = line.length();
                words.add(line.substring(i, end).getBytes(StandardCharsets.ISO_8859_1));
                i = end;
            }
        }
        return new Step.Command(words);
    }

    /** Reads a quoted word from {@code start} (just after the quote); returns the index after the closing quote. */
    private static int quoted(String line, int start, ByteArrayOutputStream word) {
        int i = start;
        while (true) {
            if (i >= line.length()) throw new IllegalArgumentException("unbalanced quotes in script line: " + line);
            char c = line.charAt(i);
            if (c == '"') return i + 1;
            if (c != '\\') {
                word.write(c);
                i++;
                continue;
            }
            char escaped = line.charAt(i + 1);
            switch (escaped) {
                case 'n' -> word.write('\n');
                case 'r' -> word.write('\r');
                case 't' -> word.write('\t');
                case 'x' -> {
                    word.write(HexFormat.fromHexDigits(line, i + 2, i + 4));
                    i += 2;
                }
                default -> word.write(escaped);
            }
            i += 2;
        }
    }

    /** The command as {@link #parse} reads it, quoting only the words that need it. */
    static String render(List<byte[]> args) {
        StringBuilder text = new StringBuilder();
        for (byte[] arg : args) {
            if (!text.isEmpty()) text.append(' ');
            text.append(needsQuotes(arg) ? '"' + escape(arg) + '"' : new String(arg, StandardCharsets.ISO_8859_1));
        }
        return text.length() > 500 ? text.substring(0, 500) + "...(" + text.length() + " chars)" : text.toString();
    }

    private static boolean needsQuotes(byte[] arg) {
        if (arg.length == 0) return true;
        for (byte b : arg) if (b <= ' ' || b >= 0x7f || b == '"' || b == '\\') return true;
        return false;
    }

    private static String escape(byte[] arg) {
        StringBuilder text = new StringBuilder();
        for (byte b : arg) {
            int c = b & 0xff;
            switch (c) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '"', '\\' -> text.append('\\').append((char) c);
                default -> text.append(c >= ' ' && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }
}
