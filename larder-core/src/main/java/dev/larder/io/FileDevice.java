package dev.larder.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Device} over one file or raw block device, through {@code FileChannel} positional I/O,
 * optionally with O_DIRECT, and optionally mapped read-only as one {@link MemorySegment} (FFM
 * maps beyond 2 GiB). The mapping's shared arena is owned here and closed with the device.
 */
public final class FileDevice implements Device {
    private final FileChannel channel;
    private final long sizeBytes;
    private final Arena mappingArena;
    private final MemorySegment mapping;
    private final IoStats stats = new IoStats();

    private FileDevice(FileChannel channel, long sizeBytes, boolean mapped) throws IOException {
        this.channel = channel;
        this.sizeBytes = sizeBytes;
        if (mapped) {
            this.mappingArena = Arena.ofShared();
            this.mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, sizeBytes, mappingArena);
        } else {
            this.mappingArena = null;
            this.mapping = null;
        }
    }

    /** Creates {@code path} and reserves {@code sizeBytes} on disk; fails if it exists. */
    public static FileDevice create(Path path, long sizeBytes, boolean direct, boolean mapped) throws IOException {
        checkNotDirectory(path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        long usable = Files.getFileStore(parent == null ? path.toAbsolutePath() : parent).getUsableSpace();
        if (usable < sizeBytes) {
            throw new IOException("No space left on device: " + path + " needs " + sizeBytes
                    + " bytes but only " + usable + " are free; choose a smaller capacity or another disk");
        }
        FileChannel channel = FileChannel.open(path, options(direct, StandardOpenOption.CREATE_NEW));
        try {
            Preallocator.preallocate(path, channel, sizeBytes);
            return new FileDevice(channel, sizeBytes, mapped);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Opens an existing file (its size is the device size) or block device (size from sysfs). */
    public static FileDevice open(Path path, boolean direct, boolean mapped) throws IOException {
        checkNotDirectory(path);
        long size = Files.isRegularFile(path) ? Files.size(path) : BlockDevices.sizeBytes(path);
        FileChannel channel = FileChannel.open(path, options(direct));
        try {
            return new FileDevice(channel, size, mapped && Files.isRegularFile(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkNotDirectory(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a directory; give the path of a data file inside it, e.g. "
                    + path.resolve("larder.dat"));
        }
    }

    private static OpenOption[] options(boolean direct, OpenOption... extra) {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        options.addAll(List.of(extra));
        if (direct) options.add(ExtendedOpenOption.DIRECT);
        return options.toArray(OpenOption[]::new);
    }

    @Override
    public void read(ByteBuffer dst, long position) throws IOException {
        int bytes = dst.remaining();
        for (long pos = position; dst.hasRemaining(); ) {
            int n = channel.read(dst, pos);
            if (n < 0) throw new EOFException("read past the end of the device at " + pos);
            pos += n;
        }
        stats.readOps.increment();
        stats.readBytes.add(bytes);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        int bytes = src.remaining();
        for (long pos = position; src.hasRemaining(); ) {
            pos += channel.write(src, pos);
        }
        stats.writeOps.increment();
        stats.writeBytes.add(bytes);
    }

    @Override
    public void sync() throws IOException {
        channel.force(false);
        stats.syncs.increment();
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public Optional<MemorySegment> mapping() {
        return Optional.ofNullable(mapping);
    }

    @Override
    public IoStats stats() {
        return stats;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (mappingArena != null) mappingArena.close();
        }
    }
}
