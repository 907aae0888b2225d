package dev.larder.server.command;

import java.util.Locale;

/** Byte sizes as redis.conf writes them: "1gb" is 1024^3, "1g" 1000^3, bare numbers are bytes. */
public final class Sizes {
    private Sizes() {}

    /** Parses a size; throws IllegalArgumentException with a readable message. */
    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"tb", "1099511627776"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"t", "1000000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (s.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                s = s.substring(0, s.length() - unit[0].length());
                break;
            }
        }
        try {
            long value = Long.parseLong(s);
            if (value < 0) throw new IllegalArgumentException("size must not be negative: " + text);
            return Math.multiplyExact(value, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size (examples: 1048576, 256mb, 4gb): " + text);
        }
    }
}
