package dev.larder.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Writes a {@link TreePlan} under a root directory. A file's bytes come from its own seed, in
 * 64 KiB chunks, so any one file can be rewritten alone (see {@link TreeEditor}).
 */
public final class TreeWriter {
    private static final int CHUNK_BYTES = 64 * 1024;
    private final byte[] chunk = new byte[CHUNK_BYTES];

    /** Creates every entry of {@code plan} under {@code root} (which may already exist, empty). */
    public void write(TreePlan plan, Path root) throws IOException {
        write(plan, root, () -> false);
    }

    /** As {@link #write(TreePlan, Path)}, but gives up (with an exception) once {@code stop} says so. */
    public void write(TreePlan plan, Path root, BooleanSupplier stop) throws IOException {
        Files.createDirectories(root);
        for (PlannedEntry entry : plan.entries()) {
            if (stop.getAsBoolean()) throw new IOException("stopped while writing " + root);
            Path path = root.resolve(entry.path());
            Files.createDirectories(path.getParent());
            if (entry.isSymlink()) Files.createSymbolicLink(path, Path.of(entry.linkTarget()));
            else writeFile(entry, path);
        }
    }

    /** Writes (or overwrites) one file's content and mode. */
    public void writeFile(PlannedEntry entry, Path path) throws IOException {
        SplittableRandom rng = new SplittableRandom(entry.contentSeed());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = entry.sizeBytes(); left > 0; ) {
                int n = (int) Math.min(left, CHUNK_BYTES);
                fill(entry.compressible(), rng, n);
                ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
                while (buf.hasRemaining()) ch.write(buf);
                left -= n;
            }
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(entry.executable() ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** The first {@code len} bytes of the chunk for the next piece of a file. */
    byte[] fill(boolean compressible, SplittableRandom rng, int len) {
        if (compressible) {
            Vocabulary.fillText(rng, chunk, len);
        } else {
            for (int i = 0; i < len; i += 8) {
                long bits = rng.nextLong();
                for (int b = 0; b < 8 && i + b < len; b++) chunk[i + b] = (byte) (bits >>> (8 * b));
            }
        }
        return chunk;
    }
}
