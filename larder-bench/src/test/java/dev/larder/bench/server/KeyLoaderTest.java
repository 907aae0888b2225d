package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLoaderTest {
    @Test
    void keysAreNamedAsRedisBenchmarkNamesThem() {
        assertThat(KeyLoader.keyName(42)).isEqualTo("key:000000000042");
        assertThat(KeyLoader.keyName(1_048_575)).isEqualTo("key:000001048575");
    }

    @Test
    void writesOneWellFormedSetPerKeyWhoseValueItRecognises() throws IOException {
        KeyLoader loader = new KeyLoader(1, 4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loader.writeSet(out, 7);
        loader.writeSet(out, 8);

        var in = new ByteArrayInputStream(out.toByteArray());
        List<?> first = (List<?>) RespConnection.readReply(in);
        List<?> second = (List<?>) RespConnection.readReply(in);

        assertThat(in.available()).isZero();
        assertThat(new String((byte[]) first.get(0), StandardCharsets.US_ASCII)).isEqualTo("SET");
        assertThat(new String((byte[]) first.get(1), StandardCharsets.US_ASCII)).isEqualTo("key:000000000007");
        assertThat((byte[]) first.get(2)).hasSize(4096);
        assertThat(loader.holds(7, (byte[]) first.get(2))).isTrue();
        assertThat(loader.holds(8, (byte[]) first.get(2))).isFalse();
        assertThat(loader.holds(8, (byte[]) second.get(2))).isTrue();
        assertThat(loader.holds(7, new byte[10])).isFalse();
    }

    @Test
    void valueOffsetsStayInsideThePool() {
        KeyLoader loader = new KeyLoader(1, 4096);
        for (long i = 0; i < 100_000; i += 997) {
            assertThat(loader.valueOffset(i)).isBetween(0, (1 << 20) - 4096);
        }
        assertThat(loader.valueOffset(1_048_575)).isBetween(0, (1 << 20) - 4096);
    }

    @Test
    void rejectsValueSizesThePoolCannotSlice() {
        assertThatThrownBy(() -> new KeyLoader(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyLoader(1, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsEveryReplyType() throws IOException {
        var in = new ByteArrayInputStream("+OK\r\n:42\r\n$3\r\nabc\r\n$-1\r\n*2\r\n+a\r\n:1\r\n-ERR nope\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(RespConnection.readReply(in)).isEqualTo("OK");
        assertThat(RespConnection.readReply(in)).isEqualTo(42L);
        assertThat((byte[]) RespConnection.readReply(in)).asString(StandardCharsets.US_ASCII).isEqualTo("abc");
        assertThat(RespConnection.readReply(in)).isNull();
        assertThat(RespConnection.readReply(in)).isEqualTo(List.of("a", 1L));
        assertThatThrownBy(() -> RespConnection.readReply(in)).isInstanceOf(RespConnection.ErrorReply.class)
                .hasMessage("ERR nope");
        assertThatThrownBy(() -> RespConnection.readReply(in)).hasMessageContaining("closed");
    }
}
