package dev.larder.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input, fed in random chunks: the decoder never throws, emits at most one
 * ProtocolError and nothing after it, and chunking never changes what it decodes. Seeded and
 * bounded (a few thousand cases, about a second); a failure names its seed.
 */
class RespRequestDecoderFuzzTest {
    private static final String[] VALID = {
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", "*1\r\n$4\r\nPING\r\n", "PING\r\n",
            "set \"a b\" 'c'\r\n", "*2\r\n$3\r\nGET\r\n$0\r\n\r\n", "*0\r\n", "\r\n"};

    @Test
    void randomBytesNeverBreakTheDecoder() {
        for (long seed = 0; seed < 2000; seed++) {
            Random random = new Random(seed);
            byte[] input = new byte[random.nextInt(200)];
            random.nextBytes(input);
            check(seed, input, random);
        }
    }

    @Test
    void mutatedRequestsNeverBreakTheDecoder() {
        for (long seed = 0; seed < 3000; seed++) {
            Random random = new Random(seed);
            var stream = new java.io.ByteArrayOutputStream();
            for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) stream.writeBytes(VALID[random.nextInt(VALID.length)].getBytes(UTF_8));
            byte[] input = stream.toByteArray();
            for (int m = 0, n = random.nextInt(4); m < n; m++) {
                input[random.nextInt(input.length)] = (byte) "*$\r\n-0123456789\"' x".charAt(random.nextInt(19));
            }
            check(seed, input, random);
        }
    }

    private static void check(long seed, byte[] input, Random random) {
        List<Object> whole = feed(input, input.length);
        List<Object> chunked = feed(input, 1 + random.nextInt(8));
        assertThat(chunked).as("seed %d: chunking changes nothing", seed).isEqualTo(whole);
        long errors = whole.stream().filter(ProtocolError.class::isInstance).count();
        assertThat(errors).as("seed %d", seed).isLessThanOrEqualTo(1);
        if (errors == 1) assertThat(whole.getLast()).as("seed %d: nothing after an error", seed).isInstanceOf(ProtocolError.class);
    }

    private static List<Object> feed(byte[] input, int chunk) {
        List<byte[]> pieces = new ArrayList<>();
        for (int p = 0; p < input.length; p += chunk) pieces.add(java.util.Arrays.copyOfRange(input, p, Math.min(input.length, p + chunk)));
        return RespRequestDecoderTest.decode(new EmbeddedChannel(new RespRequestDecoder(512L << 20, true)), pieces);
    }
}
