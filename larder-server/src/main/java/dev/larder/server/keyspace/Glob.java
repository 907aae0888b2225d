package dev.larder.server.keyspace;

/**
 * Redis 7.0's glob matcher ({@code stringmatchlen} in {@code src/util.c}) ported byte for byte, so
 * KEYS, SCAN MATCH and friends select exactly the keys redis-server 7.0.15 selects.
 *
 * <p>Implementation notes — every quirk below is Redis's, kept on purpose:
 * <ul>
 *   <li>Syntax: {@code *} any run (consecutive stars collapse), {@code ?} one byte, {@code [abc]},
 *       {@code [^abc]}, {@code [a-z]} (a reversed range {@code [z-a]} is swapped), {@code \x} a
 *       literal x inside or outside a class. A trailing {@code \} outside a class matches a
 *       backslash; inside a class a {@code \} with nothing after it is an ordinary member.
 *   <li>An unterminated class ends at the end of the pattern: {@code [} alone matches nothing,
 *       {@code [^} alone matches any one byte. In {@code [a-]} the {@code ]} is the range's end,
 *       so the class stays open.
 *   <li>The C code sometimes reads the NUL after the pattern (redis strings are NUL-terminated);
 *       here a position past the end reads as "no special character", which is the same thing.
 *   <li>Bytes compare as C {@code char}, which is <em>signed</em> on x86-64 (where 7.0.15 is
 *       tested against): equality is unaffected, but range bounds are signed, so bytes 0x80–0xFF
 *       sort below 0x00 — {@code [\x00-\x7f]} does not match 0xFF, {@code [\xff-a]} matches
 *       0xFF and 0x00–'a'. Java's {@code byte} is signed too, so no conversion is needed.
 *   <li>nocase is C-locale {@code tolower}: only A–Z fold. It is applied to range bounds after the
 *       swap, so {@code [Z-a]} matches nothing under nocase. Escapes inside a class stay
 *       case-sensitive even under nocase.
 *   <li>Blow-up guard (CVE-2022-36021 fix): once the rest of the pattern after a star has failed at
 *       every later position, no earlier star can help, so the whole match fails at once
 *       ({@code skipLongerMatches}); and star recursion deeper than {@value #MAX_NESTING} fails
 *       outright, which makes patterns with more than 1000 non-trailing stars match nothing.
 *   <li>{@code *} does not match the empty string. KEYS and SCAN special-case the exact pattern
 *       {@code *} as "every key" (see {@link #matchesEverything}), which is how an empty key still
 *       shows up under {@code KEYS *} but not under {@code KEYS **}.
 * </ul>
 */
public final class Glob {
    /** Star recursion deeper than this fails the match, as in Redis 7.0.9+. */
    static final int MAX_NESTING = 1000;

    private final byte[] pattern;
    private final byte[] string;
    private final boolean nocase;
    private boolean skipLongerMatches;

    private Glob(byte[] pattern, byte[] string, boolean nocase) {
        this.pattern = pattern;
        this.string = string;
        this.nocase = nocase;
    }

    /** Case-sensitive match, as KEYS and SCAN MATCH use. */
    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, string, false);
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return new Glob(pattern, string, nocase).match(0, 0, 0);
    }

    /** True if the pattern has no special byte, so it can only match itself (a direct lookup). */
    public static boolean isLiteral(byte[] pattern) {
        for (byte b : pattern) {
            if (b == '*' || b == '?' || b == '[' || b == '\\') return false;
        }
        return true;
    }

    /**
     * True for the exact pattern {@code *}, which KEYS and SCAN treat as "all keys" without calling
     * the matcher — the only way the empty key matches a star.
     */
    public static boolean matchesEverything(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    private boolean match(int p, int s, int nesting) {
        if (nesting > MAX_NESTING) return false;
        while (p < pattern.length && s < string.length) {
            switch (pattern[p]) {
                case '*' -> {
                    return star(p, s, nesting);
                }
                case '?' -> s++;
                case '[' -> {
                    p = classEnd(p, string[s]);
                    if (p < 0) return false;
                    s++;
                }
                case '\\' -> {
                    if (pattern.length - p >= 2) p++;
                    if (!same(pattern[p], string[s])) return false;
                    s++;
                }
                default -> {
                    if (!same(pattern[p], string[s])) return false;
                    s++;
                }
            }
            p++;
            if (s == string.length) {
                while (p < pattern.length && pattern[p] == '*') p++;
                break;
            }
        }
        return p == pattern.length && s == string.length;
    }

    /** Matches the star at {@code p} (and any stars right after it) against string[s..]. */
    private boolean star(int p, int s, int nesting) {
        while (p + 1 < pattern.length && pattern[p + 1] == '*') p++;
        if (p == pattern.length - 1) return true;
        for (; s < string.length; s++) {
            if (match(p + 1, s, nesting + 1)) return true;
            if (skipLongerMatches) return false;
        }
        skipLongerMatches = true;
        return false;
    }

    /**
     * Tests byte {@code c} against the class opening at {@code p}; returns the position of its
     * closing {@code ]} (or last byte, if unterminated), or -1 if {@code c} is not in the class.
     */
    private int classEnd(int p, byte c) {
        p++;
        boolean negate = p < pattern.length && pattern[p] == '^';
        if (negate) p++;
        boolean member = false;
        while (true) {
            int left = pattern.length - p;
            if (left >= 2 && pattern[p] == '\\') {
                p++;
                if (pattern[p] == c) member = true;
            } else if (left > 0 && pattern[p] == ']') {
                break;
            } else if (left == 0) {
                p--;
                break;
            } else if (left >= 3 && pattern[p + 1] == '-') {
                if (inRange(pattern[p], pattern[p + 2], c)) member = true;
                p += 2;
            } else if (same(pattern[p], c)) {
                member = true;
            }
            p++;
        }
        return member != negate ? p : -1;
    }

    private boolean inRange(int start, int end, int c) {
        if (start > end) {
            int t = start;
            start = end;
            end = t;
        }
        if (nocase) {
            start = lower(start);
            end = lower(end);
            c = lower(c);
        }
        return c >= start && c <= end;
    }

    private boolean same(byte a, byte b) {
        return nocase ? lower(a) == lower(b) : a == b;
    }

    /** C-locale tolower: only ASCII A–Z fold; every other value, negative ones included, is kept. */
    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
