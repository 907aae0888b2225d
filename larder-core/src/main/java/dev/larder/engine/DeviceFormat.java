package dev.larder.engine;

import dev.larder.engine.SuperblockDescriptor.Superblock;
import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Creating, reading and rewriting the superblock, and reconciling it with what the caller asked for. */
final class DeviceFormat {
    private static final int PROBE_BYTES = 4096; // O_DIRECT-aligned unit for superblock I/O

    private DeviceFormat() {}

    /**
     * The geometry for a device being formatted: {@code existingBytes} is the size of a block device
     * (the default capacity and the limit), 0 for a file still to be created.
     */
    static Geometry geometryForNewDevice(EngineConfig config, long existingBytes) throws IOException {
        int blockSize = orDefault(config.blockSizeBytes(), EngineConfig.DEFAULT_BLOCK_SIZE_BYTES);
        if (config.directIo() && blockSize < PROBE_BYTES) {
            throw new IllegalArgumentException("directIo needs blockSizeBytes of at least " + PROBE_BYTES + ": " + blockSize);
        }
        long capacity = config.capacityBytes() != 0 ? config.capacityBytes()
                : existingBytes != 0 ? existingBytes : EngineConfig.DEFAULT_CAPACITY_BYTES;
        if (existingBytes != 0 && capacity > existingBytes) {
            throw new IOException(config.path() + " has " + existingBytes + " bytes, less than capacityBytes " + capacity);
        }
        return Geometry.of(capacity, blockSize, orDefault(config.regionSizeBytes(), EngineConfig.DEFAULT_REGION_SIZE_BYTES));
    }

    /** Zeroes every region header, so no region of an earlier use of the device is replayed. */
    static void eraseRegionHeaders(Device device, Geometry geometry) throws IOException {
        ByteBuffer zeros = AlignedBufferPool.allocateAligned(geometry.blockSize(), Math.max(geometry.blockSize(), PROBE_BYTES));
        for (int r = 0; r < geometry.regionCount(); r++) device.write(zeros.clear(), geometry.regionOffset(r));
        device.sync();
    }

    /** Writes {@code superblock} into its slot and syncs. */
    static void write(Device device, Superblock superblock) throws IOException {
        int blockSize = superblock.geometry().blockSize();
        ByteBuffer block = AlignedBufferPool.allocateAligned(blockSize, Math.max(blockSize, PROBE_BYTES));
        SuperblockDescriptor.write(block, superblock);
        device.write(block, superblock.slotOffset());
        device.sync();
    }

    /** Reads and validates the superblock of an existing device against {@code config}. */
    static Superblock check(Device device, EngineConfig config) throws IOException {
        if (device.sizeBytes() < Geometry.MIN_DEVICE_BYTES) {
            throw new IOException(config.path() + " is not a Larder data file (only " + device.sizeBytes() + " bytes)");
        }
        ByteBuffer slotA = readProbe(device, 0);
        // Slot B is one block in. If slot A is torn, its block size is unknown: assume the configured or default one.
        int blockSize = SuperblockDescriptor.declaredBlockSize(slotA);
        if (blockSize < Geometry.MIN_BLOCK_SIZE || blockSize > Geometry.MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            blockSize = orDefault(config.blockSizeBytes(), EngineConfig.DEFAULT_BLOCK_SIZE_BYTES);
        }
        ByteBuffer slotB = readProbe(device, blockSize);
        Superblock superblock = SuperblockDescriptor.read(slotA, slotB, config.path(), device.sizeBytes());
        Geometry geometry = superblock.geometry();
        mustMatch(config, "blockSizeBytes", config.blockSizeBytes(), geometry.blockSize());
        mustMatch(config, "regionSizeBytes", config.regionSizeBytes(), geometry.regionSize());
        if (config.capacityBytes() != 0
                && Geometry.of(config.capacityBytes(), geometry.blockSize(), geometry.regionSize()).regionCount() != geometry.regionCount()) {
            throw new IllegalArgumentException(config.path() + " was created with capacityBytes " + geometry.deviceBytes()
                    + ", not " + config.capacityBytes() + "; open it without a capacity or with the same one");
        }
        return superblock;
    }

    /**
     * The {@link #PROBE_BYTES} at {@code offset}; zeros past the end of the file. A device shorter
     * than that has blocks under 4 KiB, so it is never opened with O_DIRECT and a short read is fine.
     */
    private static ByteBuffer readProbe(Device device, long offset) throws IOException {
        ByteBuffer probe = AlignedBufferPool.allocateAligned(PROBE_BYTES, PROBE_BYTES);
        long available = device.sizeBytes() - offset;
        if (available > 0) device.read(probe.limit((int) Math.min(PROBE_BYTES, available)), offset);
        return probe.clear();
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
