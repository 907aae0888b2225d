package dev.larder.server.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * INCRBYFLOAT's arithmetic, bit for bit: Redis parses with strtold, adds in x87 80-bit extended
 * precision (64-bit significand) and prints with "%.17Lf". Java has no such type, so values are
 * kept as exact decimals and rounded to a 64-bit significand after every step, as the FPU would.
 */
final class LongDouble {
    private static final int SIGNIFICAND_BITS = 64;
    private static final int MAX_EXPONENT = 16383; // values at or above 2^16384 overflow
    private static final int MAX_CHARS = 5 * 1024; // Redis's MAX_LONG_DOUBLE_CHARS

    private LongDouble() {}

    /** Thrown for what string2ld rejects. */
    static final class Invalid extends Exception {
        Invalid() {
            super(null, null, false, false);
        }
    }

    /** The sum, rounded as an 80-bit addition; null if it overflows to infinity. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** Redis's string2ld: decimal or hex, no surrounding space, finite and not NaN; "inf" is infinite (null). */
    static BigDecimal parse(byte[] bytes) throws Invalid {
        if (bytes.length == 0 || bytes.length >= MAX_CHARS) throw new Invalid();
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        if (Arguments.isSpace(bytes[0]) || s.indexOf('\0') >= 0) throw new Invalid();
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) return null;
        BigDecimal exact;
        try {
            exact = lower.startsWith("0x") ? parseHex(lower.substring(2)) : parseDecimal(body);
        } catch (NumberFormatException e) {
            throw new Invalid();
        }
        if (negative) exact = exact.negate();
        if (exact.signum() != 0) {
            // decided from the decimal exponent first: "1e-999999" must not cost a million-bit division
            long log10 = (long) exact.precision() - exact.scale() - 1;
            if (log10 > 4932 || log10 < -4951) throw new Invalid(); // ERANGE: beyond ~1.19e4932, or below the subnormals
        }
        BigDecimal rounded = round(exact);
        if (rounded == null) throw new Invalid(); // ERANGE overflow
        if (rounded.signum() == 0 && exact.signum() != 0) throw new Invalid(); // ERANGE underflow to zero
        return rounded;
    }

    /** "%.17Lf" with trailing zeros (and a bare point) removed, and "-0" as "0": Redis's LD_STR_HUMAN. */
    static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (text.indexOf('.') >= 0) {
            int end = text.length();
            while (text.charAt(end - 1) == '0') end--;
            if (text.charAt(end - 1) == '.') end--;
            text = text.substring(0, end);
        }
        return text.equals("-0") ? "0" : text;
    }

    private static BigDecimal parseDecimal(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                throw new NumberFormatException(body);
            }
        }
        if (body.startsWith("-") || body.startsWith("+")) throw new NumberFormatException(body);
        return new BigDecimal(body);
    }

    /** C99 hex floating point after "0x": hex digits, optional '.', optional 'p' binary exponent. */
    private static BigDecimal parseHex(String s) {
        int p = s.indexOf('p');
        String mantissa = p >= 0 ? s.substring(0, p) : s;
        int exponent = p >= 0 ? Integer.parseInt(s.substring(p + 1).replace("+", "")) : 0;
        int dot = mantissa.indexOf('.');
        String digits = dot >= 0 ? mantissa.substring(0, dot) + mantissa.substring(dot + 1) : mantissa;
        if (digits.isEmpty() || (p >= 0 && p == s.length() - 1)) throw new NumberFormatException(s);
        int fractionDigits = dot >= 0 ? mantissa.length() - dot - 1 : 0;
        BigDecimal value = new BigDecimal(new BigInteger(digits, 16));
        return scaleByPowerOfTwo(value, exponent - 4 * fractionDigits);
    }

    private static BigDecimal scaleByPowerOfTwo(BigDecimal value, int exponent) {
        if (exponent >= 0) return value.multiply(new BigDecimal(BigInteger.TWO.pow(exponent)));
        return value.divide(new BigDecimal(BigInteger.TWO.pow(-exponent))); // exact: 2^-n terminates in decimal
    }

    /** Rounds to the nearest value with a 64-bit significand (ties to even); null on overflow. */
    static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) return BigDecimal.ZERO;
        BigDecimal magnitude = exact.abs();
        // binary exponent e with 2^(bits-1) <= magnitude / 2^e < 2^bits
        int e = estimateBinaryExponent(magnitude) - (SIGNIFICAND_BITS - 1);
        BigInteger significand = scaleByPowerOfTwo(magnitude, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        while (significand.bitLength() > SIGNIFICAND_BITS) {
            e++;
            significand = scaleByPowerOfTwo(magnitude, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        }
        while (significand.bitLength() < SIGNIFICAND_BITS) {
            e--;
            significand = scaleByPowerOfTwo(magnitude, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        }
        if (e + SIGNIFICAND_BITS > MAX_EXPONENT + 1) return null;
        BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(significand), e);
        return exact.signum() < 0 ? rounded.negate() : rounded.stripTrailingZeros();
    }

    /** floor(log2(magnitude)) within a few bits, to start the search in {@link #round}. */
    private static int estimateBinaryExponent(BigDecimal magnitude) {
        double log10 = magnitude.precision() - magnitude.scale() - 1;
        return (int) Math.floor(log10 * (Math.log(10) / Math.log(2)));
    }

}
