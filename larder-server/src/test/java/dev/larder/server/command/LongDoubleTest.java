package dev.larder.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.server.testing.RedisServerProcess;
import dev.larder.server.testing.RespFramer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** INCRBYFLOAT's 80-bit arithmetic against what redis-server prints for the same sums. */
class LongDoubleTest {
    @TempDir Path dir;

    private static String incrByFloat(String start, String increment) throws LongDouble.Invalid {
        BigDecimal sum = LongDouble.add(LongDouble.parse(start.getBytes(StandardCharsets.US_ASCII)),
                LongDouble.parse(increment.getBytes(StandardCharsets.US_ASCII)));
        return LongDouble.format(sum);
    }

    @Test
    void sumsMatchRedisDigitForDigit() throws Exception {
        Random random = new Random(3);
        List<String> fixed = List.of("10.5", "0.1", "5.0e3", "2.0e2", "1.1", "-1.1", "3.0000000000000001", "1e20",
                "123456789.123456789", "0x1p-3", "-0", "1e-10", "9999999999999999999", "0.3", "-0.30000000000000004");
        try (RedisServerProcess redis = RedisServerProcess.start(dir);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 400; i++) {
                String start = i < fixed.size() ? fixed.get(i) : randomNumber(random);
                String increment = randomNumber(random);
                call(socket, "SET", "f", start);
                String expected = call(socket, "INCRBYFLOAT", "f", increment);
                String actual;
                try {
                    actual = "$" + incrByFloat(start, increment);
                } catch (LongDouble.Invalid e) {
                    actual = "-invalid";
                }
                if (expected.startsWith("$")) assertThat(actual).as(start + " + " + increment).isEqualTo(expected);
                else assertThat(actual).as(start + " + " + increment + " is refused by Redis").isEqualTo("-invalid");
            }
        }
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(2_000_000) - 1_000_000);
            case 1 -> String.format("%.6f", (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12)));
            case 2 -> (random.nextInt(2000) - 1000) + "e" + (random.nextInt(40) - 20);
            default -> Double.toString((random.nextDouble() - 0.5) * 1e6);
        };
    }

    /** Returns "$value" for a bulk reply, "-..." for an error. */
    private static String call(Socket socket, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) request.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        String reply = new String(RespFramer.readReply(socket.getInputStream()), StandardCharsets.US_ASCII);
        if (reply.startsWith("$")) return "$" + reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        return reply.trim();
    }

    @Test
    @Timeout(5)
    void hugeExponentsAreRefusedQuickly() {
        for (String hostile : List.of("1e-999999999", "1e999999999", "1e4933", "1e-5000", "nan", " 1", "1 ", "", "0x")) {
            assertThatThrownBy(() -> LongDouble.parse(hostile.getBytes(StandardCharsets.US_ASCII)))
                    .as(hostile).isInstanceOf(LongDouble.Invalid.class);
        }
    }
}
