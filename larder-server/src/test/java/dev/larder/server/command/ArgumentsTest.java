package dev.larder.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** parseLong against a model: Redis's string2ll takes exactly the strings Long.toString makes. */
class ArgumentsTest {
    @Test
    void acceptsExactlyCanonicalLongs() {
        List<String> edges = List.of("0", "-0", "00", "01", "+1", "", "-", " 1", "1 ", "9223372036854775807",
                "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "92233720368547758070",
                "-92233720368547758080", "18446744073709551616", "999999999999999999", "-1000000000000000000");
        Random rnd = new Random(9);
        for (String s : edges) check(s);
        for (int i = 0; i < 100_000; i++) {
            check(switch (rnd.nextInt(4)) {
                case 0 -> Long.toString(rnd.nextLong());
                case 1 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
                case 2 -> Long.toString(rnd.nextLong()) + rnd.nextInt(10); // often one digit too many
                default -> randomDigits(rnd);
            });
        }
    }

    private static String randomDigits(Random rnd) {
        StringBuilder s = new StringBuilder(rnd.nextBoolean() ? "-" : "");
        for (int n = rnd.nextInt(22); n > 0; n--) s.append((char) ('0' + rnd.nextInt(10)));
        return s.toString();
    }

    private static void check(String s) {
        Long expected = canonical(s);
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        if (expected == null) {
            assertThatThrownBy(() -> Arguments.parseLong(bytes)).as(s).isInstanceOf(Arguments.NotANumber.class);
        } else {
            try {
                assertThat(Arguments.parseLong(bytes)).as(s).isEqualTo(expected);
            } catch (Arguments.NotANumber e) {
                throw new AssertionError("rejected " + s, e);
            }
        }
    }

    private static Long canonical(String s) {
        try {
            long value = Long.parseLong(s);
            return Long.toString(value).equals(s) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
