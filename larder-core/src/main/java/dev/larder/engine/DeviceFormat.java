package dev.larder.engine;

import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Creating and checking the superblock, and reconciling it with what the caller asked for. */
final class DeviceFormat {
    private static final int PROBE_BYTES = 4096; // one O_DIRECT-aligned read covers any superblock

    private DeviceFormat() {}

    static Geometry geometryForNewFile(EngineConfig config) {
        int blockSize = orDefault(config.blockSizeBytes(), EngineConfig.DEFAULT_BLOCK_SIZE_BYTES);
        if (config.directIo() && blockSize < PROBE_BYTES) {
            throw new IllegalArgumentException("directIo needs blockSizeBytes of at least " + PROBE_BYTES + ": " + blockSize);
        }
        return Geometry.of(config.capacityBytes() != 0 ? config.capacityBytes() : EngineConfig.DEFAULT_CAPACITY_BYTES,
                blockSize, orDefault(config.regionSizeBytes(), EngineConfig.DEFAULT_REGION_SIZE_BYTES));
    }

    static void writeSuperblock(Device device, Geometry geometry, long createdMs) throws IOException {
        ByteBuffer block = AlignedBufferPool.allocateAligned(geometry.blockSize(), Math.max(geometry.blockSize(), PROBE_BYTES));
        SuperblockDescriptor.write(block, geometry, createdMs);
        device.write(block, 0);
        device.sync();
    }

    /** Reads and validates the superblock of an existing device against {@code config}. */
    static Geometry check(Device device, EngineConfig config) throws IOException {
        if (device.sizeBytes() < PROBE_BYTES) {
            throw new IOException(config.path() + " is not a Larder data file (only " + device.sizeBytes() + " bytes)");
        }
        ByteBuffer probe = AlignedBufferPool.allocateAligned(PROBE_BYTES, PROBE_BYTES);
        device.read(probe, 0);
        Geometry geometry = SuperblockDescriptor.read(probe, config.path(), device.sizeBytes());
        mustMatch(config, "blockSizeBytes", config.blockSizeBytes(), geometry.blockSize());
        mustMatch(config, "regionSizeBytes", config.regionSizeBytes(), geometry.regionSize());
        if (config.capacityBytes() != 0
                && Geometry.of(config.capacityBytes(), geometry.blockSize(), geometry.regionSize()).regionCount() != geometry.regionCount()) {
            throw new IllegalArgumentException(config.path() + " was created with capacityBytes " + geometry.deviceBytes()
                    + ", not " + config.capacityBytes() + "; open it without a capacity or with the same one");
        }
        return geometry;
    }

    private static void mustMatch(EngineConfig config, String name, long asked, long actual) {
        if (asked != 0 && asked != actual) {
            throw new IllegalArgumentException(config.path() + " was created with " + name + " " + actual
                    + ", not " + asked + "; open it without " + name + " or with the same value");
        }
    }

    private static int orDefault(int value, int defaultValue) {
        return value != 0 ? value : defaultValue;
    }
}
