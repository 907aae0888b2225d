package dev.larder.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.disk.DiskCache;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw block device (a loop device over a 64 MiB image): refused until formatted with
 * overwrite(true), then used and recovered like a file; formatting again forgets the old data.
 * Skipped where loop devices cannot be attached (not root, no loop driver).
 */
class BlockDeviceTest {
    @TempDir Path dir;
    private Path device;

    @BeforeEach
    void attachLoopDevice() throws Exception {
        Path image = dir.resolve("disk.img");
        try (var file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        String attached = run("losetup", "-f", "--show", image.toString());
        assumeTrue(attached != null && attached.startsWith("/dev/loop"), "cannot attach a loop device here");
        device = Path.of(attached);
    }

    @AfterEach
    void detachLoopDevice() throws Exception {
        if (device != null) run("losetup", "-d", device.toString());
    }

    @Test
    void formatUseRecoverAndReformat() throws IOException {
        assertThat(Files.isRegularFile(device)).isFalse();
        assertThatThrownBy(() -> DiskCache.builder(device).open()).isInstanceOf(IOException.class)
                .hasMessageContaining("not a Larder data file");

        try (DiskCache cache = DiskCache.builder(device).overwrite(true).regionSizeBytes(1 << 20).open()) {
            assertThat(cache.stats().capacityBytes()).as("capacity defaults to the device").isGreaterThan(60L << 20);
            for (int i = 0; i < 200; i++) cache.put(b("k" + i), b("value " + i));
        }
        try (DiskCache cache = DiskCache.builder(device).open()) {
            for (int i = 0; i < 200; i++) assertThat(cache.get(b("k" + i))).isEqualTo(b("value " + i));
        }
        try (DiskCache cache = DiskCache.builder(device).overwrite(true).regionSizeBytes(1 << 20).open()) {
            assertThat(cache.get(b("k7"))).as("a new format forgets the old regions").isNull();
            assertThat(cache.stats().indexEntries()).isZero();
        }
        assertThatThrownBy(() -> DiskCache.builder(device).overwrite(true).capacityBytes(1L << 30).open())
                .isInstanceOf(IOException.class).hasMessageContaining("less than capacityBytes");
    }

    /** Runs a command; its first output line, or null if it failed or is missing. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8).trim();
            boolean done = process.waitFor(10, TimeUnit.SECONDS);
            return done && process.exitValue() == 0 ? output.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
