package dev.larder.bench.disk;

import java.util.List;

/**
 * How much work each figure does for one value size. Default counts write 512 MiB of payload per
 * buffered phase (more than a virtualised disk's write-back cache absorbs in one burst, so the
 * figure is closer to sustained bandwidth) and time each durable phase for ~0.5 s; the whole
 * default run takes one to three minutes. {@code --quick} uses about an eighth (under 30 s).
 *
 * @param durablePuts per-op durable writes (EVERY_WRITE: one fdatasync each)
 * @param bufferedPuts putBuffered writes before the one flush(); also sets the raw write's bytes
 * @param singleWriterPuts durable BATCH puts from one thread
 * @param putsPerWriter durable BATCH puts from each of the {@link #WRITERS} concurrent threads
 * @param readBatches 100-key batches read per approach per repeat (neighbour reads)
 */
public record Workload(String id, String label, int valueBytes, int durablePuts, int bufferedPuts,
                       int singleWriterPuts, int putsPerWriter, int readBatches) {
    public static final int WRITERS = 64;
    public static final int BATCH_KEYS = 100;

    public static List<Workload> of(boolean quick) {
        return quick ? QUICK : DEFAULT;
    }

    private static final List<Workload> QUICK = List.of(
            new Workload("4k", "4 KiB", 4 << 10, 300, 16384, 300, 20, 10),
            new Workload("64k", "64 KiB", 64 << 10, 150, 1024, 150, 6, 3),
            new Workload("1m", "1 MiB", 1 << 20, 30, 64, 30, 1, 1));

    private static final List<Workload> DEFAULT = List.of(
            new Workload("4k", "4 KiB", 4 << 10, 3000, 131072, 3000, 100, 30),
            new Workload("64k", "64 KiB", 64 << 10, 1000, 8192, 1000, 30, 6),
            new Workload("1m", "1 MiB", 1 << 20, 200, 512, 200, 6, 1));

    public long bufferedPayloadBytes() {
        return (long) bufferedPuts * valueBytes;
    }

    public int concurrentPuts() {
        return WRITERS * putsPerWriter;
    }
}
