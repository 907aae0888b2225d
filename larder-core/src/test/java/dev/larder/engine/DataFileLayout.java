package dev.larder.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every valid record of a data file lies, read the way {@link LogRecovery} reads it
 * (superblock, region headers, records up to the first invalid one), so corruption tests can aim
 * at records and predict what recovery keeps.
 */
record DataFileLayout(Geometry geometry, List<Region> regions) {

    record Region(int index, long offset, List<Record> records) {}

    /** One record: {@code verifiedBytes} from {@code offset} are checked on read, the padding after them is not. */
    record Record(String key, int region, long offset, int verifiedBytes) {}

    static DataFileLayout read(Path file) throws IOException {
        ByteBuffer whole = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int blockSize = SuperblockDescriptor.declaredBlockSize(whole);
        ByteBuffer slotB = whole.slice(blockSize, blockSize).order(ByteOrder.LITTLE_ENDIAN);
        Geometry geometry = SuperblockDescriptor.read(whole, slotB, file, whole.capacity()).geometry();
        List<Region> regions = new ArrayList<>();
        for (int r = 0; r < geometry.regionCount(); r++) {
            long offset = geometry.regionOffset(r);
            ByteBuffer region = whole.slice((int) offset, geometry.regionSize()).order(ByteOrder.LITTLE_ENDIAN);
            long epoch = RegionHeaderDescriptor.epoch(region, 0, r);
            if (epoch == RegionHeaderDescriptor.NO_EPOCH) continue;
            regions.add(new Region(r, offset, records(region, r, offset, epoch, geometry)));
        }
        return new DataFileLayout(geometry, regions);
    }

    private static List<Record> records(ByteBuffer region, int index, long regionOffset, long epoch, Geometry geometry) {
        List<Record> records = new ArrayList<>();
        long lastSeq = epoch;
        for (int at = geometry.blockSize(), size; at < region.limit(); at += size) {
            size = RecordDescriptor.validate(region, at, region.limit() - at, epoch, geometry.blockSize());
            if (size < 0 || RecordDescriptor.seq(region, at) <= lastSeq) break;
            lastSeq = RecordDescriptor.seq(region, at);
            String key = new String(RecordDescriptor.key(region, at), StandardCharsets.UTF_8);
            int verified = (int) RecordDescriptor.unpaddedBytes(RecordDescriptor.keyLength(region, at),
                    RecordDescriptor.valueLength(region, at)); // header, key, value and the crc itself
            records.add(new Record(key, index, regionOffset + at, verified));
        }
        return records;
    }

    List<Record> allRecords() {
        return regions.stream().flatMap(r -> r.records().stream()).toList();
    }
}
