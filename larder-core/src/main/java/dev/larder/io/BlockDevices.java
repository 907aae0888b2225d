package dev.larder.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Size of a raw block device, which {@code FileChannel.size()} reports as 0. */
final class BlockDevices {
    private static final int SECTOR_BYTES = 512; // sysfs always counts 512-byte sectors

    private BlockDevices() {}

    static long sizeBytes(Path device) throws IOException {
        Path real = device.toRealPath();
        Path sysfs = Path.of("/sys/class/block", real.getFileName().toString(), "size");
        if (!Files.exists(sysfs)) {
            throw new IOException(device + " is neither a regular file nor a block device");
        }
        return Long.parseLong(Files.readString(sysfs).trim()) * SECTOR_BYTES;
    }
}
