package dev.larder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A record read from a mapped region can change under the reader, when a reclaim rewrites the
 * region. Decoding must then give a result the caller can discard (the engine checks the region's
 * epoch afterwards), never an exception or an allocation sized by a length it did not validate.
 * Here a second thread keeps flipping the value length in the record's header between the true
 * one and one far beyond the buffer; ConcurrencyTest once failed this way with an
 * IndexOutOfBoundsException from a batch read.
 */
class TornRecordReadTest {
    private static final int BLOCK = 128;
    private static final long EPOCH = 7;
    private static final byte[] KEY = "key".getBytes();

    @Test
    void aLengthChangingDuringTheDecodeGivesAHitOrCorruptNeverAnException() throws InterruptedException {
        byte[] value = new byte[100];
        for (int i = 0; i < value.length; i++) value[i] = (byte) i;
        int size = (int) ((RecordDescriptor.unpaddedBytes(KEY.length, value.length) + BLOCK - 1) & -BLOCK);
        ByteBuffer buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        RecordDescriptor.write(buffer, 0, (byte) 0, EPOCH, 1, 0, KEY, value, 0, value.length);

        AtomicBoolean stop = new AtomicBoolean();
        Thread flipper = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                buffer.putInt(RecordDescriptor.VALUE_LENGTH_OFFSET, i % 2 == 0 ? 1 << 20 : value.length);
            }
        });
        flipper.start();
        Set<Decoded.Status> seen = EnumSet.noneOf(Decoded.Status.class);
        try {
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < 2_000_000 && System.nanoTime() < deadline; i++) {
                Decoded decoded = Decoded.of(buffer, 0, size, EPOCH, KEY, 0, BLOCK);
                assertThat(decoded.status()).isIn(Decoded.Status.HIT, Decoded.Status.CORRUPT);
                if (decoded.status() == Decoded.Status.HIT) assertThat(decoded.value()).isEqualTo(value);
                seen.add(decoded.status());
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertThat(seen).as("premise: the reader saw the header change").contains(Decoded.Status.CORRUPT);
    }
}
