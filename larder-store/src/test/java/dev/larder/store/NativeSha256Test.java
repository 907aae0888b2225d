package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libcrypto's SHA-256 against the JDK's, the model: any lengths, any chunking, arrays or buffers, resets and clones mid-stream. */
class NativeSha256Test {
    private static MessageDigest jdk() throws Exception {
        return MessageDigest.getInstance("SHA-256");
    }

    @Test
    void isUsedHere() {
        assertThat(ContentId.sha256()).as("libcrypto 3 and native access (surefire grants it)").isInstanceOf(NativeSha256.class);
    }

    @Test
    void agreesWithTheJdkOnEveryLengthAndChunking() throws Exception {
        Random rnd = new Random(7);
        int[] edges = {0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 4096, 1 << 20};
        for (int round = 0; round < 300; round++) {
            int length = round < edges.length ? edges[round] : rnd.nextInt(200_000);
            byte[] data = new byte[length + 20];
            rnd.nextBytes(data);
            int offset = rnd.nextInt(20);
            MessageDigest ours = NativeSha256.newOrNull(), model = jdk();
            for (int at = offset, end = offset + length; at < end; ) {
                int kind = rnd.nextInt(5);
                int chunk = kind == 0 ? 1 : Math.min(end - at, 1 + rnd.nextInt(70_000));
                if (chunk == 1) {
                    ours.update(data[at]);
                    model.update(data[at]);
                } else if (kind <= 2) { // a direct buffer (hashed where it lies) or a heap one, from a position
                    ByteBuffer buffer = kind == 1 ? ByteBuffer.allocateDirect(chunk + 3) : ByteBuffer.allocate(chunk + 3);
                    buffer.position(3).put(data, at, chunk).position(3);
                    ours.update(buffer);
                    assertThat(buffer.hasRemaining()).as("the buffer was consumed").isFalse();
                    model.update(data, at, chunk);
                } else {
                    ours.update(data, at, chunk);
                    model.update(data, at, chunk);
                }
                at += chunk;
            }
            assertThat(ours.digest()).as("length %d", length).isEqualTo(model.digest());
        }
    }

    @Test
    void digestResetsAndACloneContinuesOnItsOwn() throws Exception {
        byte[] a = "the first part, ".getBytes(), b = "then the rest".getBytes();
        MessageDigest ours = NativeSha256.newOrNull();
        ours.update(a);
        MessageDigest copy = (MessageDigest) ours.clone();
        ours.update(b);
        MessageDigest model = jdk();
        model.update(a);
        model.update(b);
        assertThat(ours.digest()).isEqualTo(model.digest());
        assertThat(copy.digest()).as("the clone has only the first part").isEqualTo(jdk().digest(a));
        assertThat(ours.digest()).as("digest() reset it").isEqualTo(jdk().digest());
        ours.update(b);
        ours.reset();
        assertThat(ours.digest(a)).isEqualTo(jdk().digest(a));
    }
}
