package dev.larder.server.differential;

/** Reply bytes as readable text: CR and LF as {@code \r \n}, other control and high bytes as {@code \xHH}. */
final class ReplyText {
    private static final int MAX_CHARS = 600;

    private ReplyText() {}

    static String render(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r') text.append("\\r");
            else if (c == '\n') text.append("\\n");
            else if (c == '\\') text.append("\\\\");
            else if (c >= ' ' && c < 0x7f) text.append((char) c);
            else text.append(String.format("\\x%02x", c));
            if (text.length() > MAX_CHARS) return text + "...(" + bytes.length + " bytes in all)";
        }
        return text.toString();
    }
}
