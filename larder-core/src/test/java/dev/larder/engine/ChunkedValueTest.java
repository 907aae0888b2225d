package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.disk.ChunkedValue;
import dev.larder.disk.DiskCache;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskCache#find}: a value larger than a region comes back as chunks that, copied in order
 * into an off-heap buffer, are exactly the value; small values come back whole; and a chunk whose
 * region was reused reads as gone, never as other bytes.
 */
class ChunkedValueTest {
    @TempDir Path dir;

    private DiskCache open(long capacityBytes) throws Exception {
        return DiskCache.builder(dir.resolve("data")).capacityBytes(capacityBytes).regionSizeBytes(1 << 20).open();
    }

    @Test
    void chunksCopiedInOrderAreTheValue() throws Exception {
        byte[] value = new byte[(5 << 20) + 123];
        new Random(7).nextBytes(value);
        try (DiskCache cache = open(64 << 20)) {
            cache.put(b("big"), value);
            cache.put(b("small"), b("whole"));
            for (int round = 0; round < 2; round++) { // buffered, then after a reopen-free flush
                DiskCache.Chunked chunked = (DiskCache.Chunked) cache.find(b("big"));
                assertThat(chunked.value().length()).isEqualTo(value.length);
                assertThat(readAll(chunked.value())).isEqualTo(value);
                cache.flush();
            }
            assertThat(((DiskCache.Entry) cache.find(b("small"))).value()).isEqualTo(b("whole"));
            assertThat(cache.find(b("absent"))).isNull();
            assertThat(cache.getEntry(b("big")).value()).as("getEntry still assembles").isEqualTo(value);
        }
    }

    @Test
    void aChunkWhoseRegionWasReusedIsGone() throws Exception {
        byte[] value = new byte[3 << 19]; // 1.5 MiB: chunked, and under a quarter of the cache
        new Random(8).nextBytes(value);
        try (DiskCache cache = open(2 * 4096 + 8L * (1 << 20))) {
            cache.put(b("big"), value);
            ChunkedValue chunks = ((DiskCache.Chunked) cache.find(b("big"))).value();
            byte[] filler = new byte[100_000];
            for (int i = 0; i < 200; i++) cache.put(b("f" + i), filler); // 20 MB through an 8 MiB cache
            ByteBuffer target = ByteBuffer.allocateDirect(chunks.maxChunkBytes());
            assertThat(chunks.copyChunk(0, target)).isEqualTo(-1);
            assertThat(target.position()).as("nothing copied").isZero();
            assertThat(cache.find(b("big"))).isNull();
        }
    }

    private static byte[] readAll(ChunkedValue chunks) {
        ByteBuffer whole = ByteBuffer.allocate((int) chunks.length());
        ByteBuffer chunk = ByteBuffer.allocateDirect(chunks.maxChunkBytes());
        for (int i = 0; i < chunks.chunkCount(); i++) {
            chunk.clear();
            int n = chunks.copyChunk(i, chunk);
            assertThat(n).as("chunk %d", i).isPositive().isEqualTo(chunk.position());
            whole.put(chunk.flip());
        }
        assertThat(whole.hasRemaining()).isFalse();
        return whole.array();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
