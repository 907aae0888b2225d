package dev.larder.store.internal;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdOutputStream;
import dev.larder.store.ContentId;
import dev.larder.store.FileErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * Appends blob records to new segments. Concurrency: one writer per store (the caller holds
 * the store's exclusive lock); within the process, {@code synchronized} serialises appends so
 * records never interleave. A writer never appends to an existing segment: it starts a fresh
 * one, so a torn tail from an earlier crash is never followed by good records.
 *
 * <p>Small records are gathered in an {@link AppendBuffer} and written in batches, so the index
 * names locations before their bytes reach the file: nothing may read this writer's segment
 * until {@link #sync} or {@link #close}.
 */
public final class PackWriter implements AutoCloseable {
    /** zstd level: 3 is zstd's default, a good speed/ratio point for mixed trees. */
    static final int ZSTD_LEVEL = 3;
    /** Bytes of small records gathered before one positional write. Default: 1 MiB, ~200 typical small records per syscall. */
    static final int APPEND_BUFFER_BYTES = 1 << 20;

    private final Path blobsDir;
    private final BlobIndex index;
    private final ContextPool<ZstdCompressCtx> compressors = new ContextPool<>(() -> Zstd.compressor(ZSTD_LEVEL));
    private final ByteBuffer appendBuffer = ByteBuffer.allocateDirect(APPEND_BUFFER_BYTES);
    private AppendBuffer pending;
    private FileChannel current;
    private Path currentFile;
    private int currentNumber;
    private long position;

    public PackWriter(Path blobsDir, BlobIndex index) {
        this.blobsDir = blobsDir;
        this.index = index;
    }

    /**
     * Stores {@code data} under {@code id} unless present; returns the stored byte count (0 if
     * deduplicated). Compression runs outside the writer's lock, so callers compress in parallel
     * and only the append is serialised; two threads racing on one new id both compress, one appends.
     */
    public long putIfAbsent(ContentId id, byte[] data) throws IOException {
        if (index.contains(id)) return 0;
        byte[] compressed = compressors.with(ctx -> ctx.compress(data));
        boolean useZstd = compressed.length < data.length;
        byte[] stored = useZstd ? compressed : data;
        CRC32C crc = new CRC32C();
        crc.update(stored);
        byte flags = useZstd ? PackDescriptor.FLAG_ZSTD : PackDescriptor.FLAG_RAW;
        return append(id, PackDescriptor.header(id.bytes(), data.length, stored.length, flags, (int) crc.getValue()), stored);
    }

    private synchronized long append(ContentId id, ByteBuffer header, byte[] stored) throws IOException {
        if (index.contains(id)) return 0;
        ensureSegment();
        long start = position;
        pending.put(header, ByteBuffer.wrap(stored));
        position = start + PackDescriptor.HEADER_BYTES + stored.length;
        index.putIfAbsent(id, new BlobLocation(currentNumber, start, stored.length, header.getLong(PackDescriptor.RAW_LENGTH_OFFSET),
                header.get(PackDescriptor.FLAGS_OFFSET)));
        return stored.length;
    }

    /**
     * Streams a large content into one zstd record, hashing it as it goes; the header is written
     * last, once lengths and the hash are known. Returns the id of what was actually read.
     */
    public synchronized StreamedBlob putStream(InputStream in) throws IOException {
        ensureSegment();
        pending.flush();
        long start = position;
        MessageDigest digest = ContentId.sha256();
        ChannelSink sink = new ChannelSink(current, currentFile, start + PackDescriptor.HEADER_BYTES);
        long raw = 0;
        try (ZstdOutputStream z = Zstd.outputStream(sink, ZSTD_LEVEL)) {
            // One large file at a time holds the lock, so it compresses on every core (as zstd -T0).
            z.setWorkers(Runtime.getRuntime().availableProcessors());
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; raw += n) {
                digest.update(buf, 0, n);
                z.write(buf, 0, n);
            }
        }
        ContentId id = ContentId.of(digest);
        if (index.contains(id)) return new StreamedBlob(id, raw, 0); // leave the bytes as dead space; overwritten next
        writeFully(current, currentFile, PackDescriptor.header(id.bytes(), raw, sink.count, PackDescriptor.FLAG_ZSTD, (int) sink.crc.getValue()), start);
        position = start + PackDescriptor.HEADER_BYTES + sink.count;
        pending.restartAt(position);
        index.putIfAbsent(id, new BlobLocation(currentNumber, start, sink.count, raw, PackDescriptor.FLAG_ZSTD));
        return new StreamedBlob(id, raw, sink.count);
    }

    /** Copies a verbatim record (gc); returns its new location. */
    public synchronized BlobLocation copyRecord(ByteBuffer record, BlobLocation old) throws IOException {
        ensureSegment();
        long start = position;
        pending.put(record);
        position = start + old.recordLength();
        return new BlobLocation(currentNumber, start, old.storedLength(), old.rawLength(), old.flags());
    }

    public record StreamedBlob(ContentId id, long rawLength, long storedLength) {}

    private void ensureSegment() throws IOException {
        if (current != null && position < PackDescriptor.SEGMENT_TARGET_BYTES) return;
        closeCurrent();
        currentNumber = index.highestSegment() + 1;
        Path file = blobsDir.resolve(PackDescriptor.segmentName(currentNumber));
        try {
            current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw failedWrite(file, e);
        }
        currentFile = file;
        position = 0;
        pending = new AppendBuffer(current, file, 0, appendBuffer);
        index.addSegment(currentNumber, file);
    }

    /** Writes all of {@code buf} into {@code file} from {@code at}; returns the offset after it. A failure names the file. */
    static long writeFully(FileChannel channel, Path file, ByteBuffer buf, long at) throws IOException {
        long pos = at;
        try {
            while (buf.hasRemaining()) pos += channel.write(buf, pos);
        } catch (IOException e) {
            throw failedWrite(file, e);
        }
        return pos;
    }

    /**
     * A failed write to a pack, naming it: the kernel's "File too large" or "No space left on
     * device" alone does not say it was the store that could not be written, not the tree.
     */
    static IOException failedWrite(Path file, IOException e) {
        return new IOException("cannot write the store's " + file + ": " + FileErrors.describe(e), e);
    }

    /** Makes everything appended so far durable; call before publishing a catalog that needs it. */
    public synchronized void sync() throws IOException {
        if (current == null) return;
        pending.flush();
        try {
            current.force(true);
        } catch (IOException e) {
            throw failedWrite(currentFile, e);
        }
    }

    private void closeCurrent() throws IOException {
        if (current == null) return;
        pending.flush();
        try {
            current.truncate(position); // drop dead space from a deduplicated stream
            current.force(true);
        } catch (IOException e) {
            throw failedWrite(currentFile, e);
        } finally {
            current.close();
            current = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            closeCurrent();
        } finally {
            compressors.close();
        }
    }

    /** Positional writes into the segment, counting bytes and CRC32C of what is stored. */
    private static final class ChannelSink extends OutputStream {
        final CRC32C crc = new CRC32C();
        final FileChannel ch;
        final Path file;
        final long base;
        long count;

        ChannelSink(FileChannel ch, Path file, long base) {
            this.ch = ch;
            this.file = file;
            this.base = base;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            count = writeFully(ch, file, ByteBuffer.wrap(b, off, len), base + count) - base;
        }
    }
}
