package dev.larder.server.command;

import java.nio.charset.StandardCharsets;

/** Parsing arguments exactly as Redis does (string2ll, strtoul, strcasecmp), so errors match. */
public final class Arguments {
    private Arguments() {}

    /** A failed parse; the caller replies with its own error. */
    public static final class NotANumber extends Exception {
        NotANumber() {
            super(null, null, false, false);
        }
    }

    private static final NotANumber NOT_A_NUMBER = new NotANumber();

    /**
     * Redis's string2ll: an optional '-', then digits without leading zeros ("0" alone is fine),
     * nothing else, within a signed 64-bit range.
     */
    private static final long MIN_BEFORE_DIGIT = Long.MIN_VALUE / 10;

    public static long parseLong(byte[] s) throws NotANumber {
        int length = s.length;
        if (length == 0 || length > 20) throw NOT_A_NUMBER;
        if (length == 1 && s[0] == '0') return 0;
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i++;
            if (i == length) throw NOT_A_NUMBER;
        }
        if (s[i] < '1' || s[i] > '9') throw NOT_A_NUMBER;
        long magnitude = 0; // accumulated negatively: |Long.MIN_VALUE| has no positive twin
        for (; i < length; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) throw NOT_A_NUMBER;
            // overflow checks without a division per digit (INCR parses every stored value)
            if (magnitude < MIN_BEFORE_DIGIT) throw NOT_A_NUMBER;
            magnitude *= 10;
            if (magnitude < Long.MIN_VALUE + digit) throw NOT_A_NUMBER;
            magnitude -= digit;
        }
        if (negative) return magnitude;
        if (magnitude == Long.MIN_VALUE) throw NOT_A_NUMBER;
        return -magnitude;
    }

    /** Redis's parseScanCursorOrReply: strtoul base 10, so a sign is allowed and "-1" wraps. */
    public static long parseCursor(byte[] arg) throws NotANumber {
        byte[] s = java.util.Arrays.copyOf(arg, cLength(arg)); // strtoul sees a C string
        int i = 0;
        if (s.length > 0 && isSpace(s[0])) throw NOT_A_NUMBER;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        int firstDigit = i;
        long value = 0;
        for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
            int digit = s[i] - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) throw NOT_A_NUMBER; // ERANGE
            value = value * 10 + digit;
        }
        if (i == firstDigit) return s.length == 0 ? 0 : fail(); // "" parses as 0; "+" or "x" do not
        if (i != s.length) throw NOT_A_NUMBER;
        return negative ? -value : value;
    }

    private static long fail() throws NotANumber {
        throw NOT_A_NUMBER;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** strcasecmp against an ASCII word (the argument is compared up to its first NUL, as C does). */
    public static boolean equalsIgnoreCase(byte[] arg, String word) {
        int length = cLength(arg);
        if (length != word.length()) return false;
        for (int i = 0; i < length; i++) {
            int a = arg[i];
            int b = word.charAt(i);
            if (a != b && Character.toLowerCase((char) (a & 0xff)) != Character.toLowerCase((char) b)) return false;
        }
        return true;
    }

    /** Length up to the first NUL byte: what C string functions in Redis see. */
    static int cLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) if (arg[i] == 0) return i;
        return arg.length;
    }

    /** The C-string view of {@code text}, at most {@code max} characters, as "%.*s" prints it. */
    static String cString(String text, int max) {
        int nul = text.indexOf('\0');
        if (nul >= 0) text = text.substring(0, nul);
        return text.length() > max ? text.substring(0, max) : text;
    }

    static String lower(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }
}
