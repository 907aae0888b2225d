package dev.larder.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input, fed whole, in small chunks and in large ones: the decoder never
 * throws, emits at most one ProtocolError and nothing after it, chunking never changes what it
 * decodes, and what it allocates follows the bytes that arrived, not the lengths they declare.
 * Seeded and bounded (a few thousand cases, a few seconds); a failure names its seed. Longer runs
 * (scripts/soak.sh) multiply the seeds with {@code -Dlarder.fuzz.scale=N} and move them on with
 * {@code -Dlarder.fuzz.firstSeed=S}.
 */
class RespRequestDecoderFuzzTest {
    private static final long FIRST_SEED = Long.getLong("larder.fuzz.firstSeed", 0);
    private static final long SCALE = Long.getLong("larder.fuzz.scale", 1);
    private static final String[] VALID = {
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", "*1\r\n$4\r\nPING\r\n", "PING\r\n",
            "set \"a b\" 'c'\r\n", "*2\r\n$3\r\nGET\r\n$0\r\n\r\n", "*0\r\n", "\r\n"};

    @Test
    void randomBytesNeverBreakTheDecoder() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + 2000 * SCALE; seed++) {
            Random random = new Random(seed);
            byte[] input = new byte[random.nextInt(200)];
            random.nextBytes(input);
            check(seed, input, random);
        }
    }

    @Test
    void mutatedRequestsNeverBreakTheDecoder() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + 3000 * SCALE; seed++) {
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

    @Test
    void largeMutatedPipelinesInLargeChunks() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + 150 * SCALE; seed++) {
            Random random = new Random(seed);
            var stream = new java.io.ByteArrayOutputStream();
            for (int i = 0, n = 10 + random.nextInt(90); i < n; i++) {
                if (random.nextInt(4) == 0) {
                    byte[] value = new byte[random.nextInt(100_000)];
                    random.nextBytes(value);
                    stream.writeBytes(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n").getBytes(UTF_8));
                    stream.writeBytes(value);
                    stream.writeBytes("\r\n".getBytes(UTF_8));
                } else {
                    stream.writeBytes(VALID[random.nextInt(VALID.length)].getBytes(UTF_8));
                }
            }
            byte[] input = stream.toByteArray();
            for (int m = 0, n = random.nextInt(3); m < n; m++) {
                input[random.nextInt(input.length)] = (byte) "*$\r\n-0123456789\"' x".charAt(random.nextInt(19));
            }
            List<Object> whole = feed(input, input.length);
            assertThat(feedInRandomChunks(input, random, 65_536)).as("seed %d: large chunks change nothing", seed).isEqualTo(whole);
            assertThat(whole.stream().filter(ProtocolError.class::isInstance).count()).as("seed %d", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void declaredLengthsAllocateNothingUntilTheBytesArrive() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        feedInRandomChunks(new byte[300_000], new Random(0), 65_536); // classes loaded, buffers pooled: what follows is the decoding
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            long declared = 1 + random.nextLong(512L << 20); // up to proto-max-bulk-len
            byte[] header = ("*2\r\n$3\r\nSET\r\n$" + declared + "\r\n").getBytes(UTF_8);
            byte[] body = new byte[(int) Math.min(declared, random.nextInt(300_000))];
            byte[] input = java.util.Arrays.copyOf(header, header.length + body.length);
            System.arraycopy(body, 0, input, header.length, body.length);
            long before = threads.getCurrentThreadAllocatedBytes();
            List<Object> decoded = feedInRandomChunks(input, random, 65_536);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("seed %d: %d bytes declared, %d sent", seed, declared, input.length)
                    .isLessThan(8L * input.length + (8 << 20));
            if (body.length < declared) assertThat(decoded).as("seed %d: incomplete, nothing yet", seed).isEmpty();
        }
    }

    private static List<Object> feedInRandomChunks(byte[] input, Random random, int maxChunk) {
        List<byte[]> pieces = new ArrayList<>();
        for (int p = 0; p < input.length; ) {
            int n = Math.min(input.length - p, 1 + random.nextInt(maxChunk));
            pieces.add(java.util.Arrays.copyOfRange(input, p, p + n));
            p += n;
        }
        return RespRequestDecoderTest.decode(new EmbeddedChannel(new RespRequestDecoder(512L << 20, true)), pieces);
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
