package dev.larder.store.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import dev.larder.store.ContentId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Reads blob contents back. Small records are read whole and CRC-checked before
 * decompression; large ones are streamed. Either way the caller re-hashes what it gets: the
 * SHA-256 check is the one that matters. Thread-safe: positional reads on shared channels.
 */
public final class BlobReader implements AutoCloseable {
    /** Records up to this size are read into memory whole. Default: 8 MiB. */
    static final long IN_MEMORY_LIMIT_BYTES = 8L << 20;

    /** Loads an index; a restore with nothing to write never needs one. */
    public interface IndexLoader {
        BlobIndex load() throws IOException;
    }

    private final IndexLoader loader;
    private volatile BlobIndex index;
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    private final ContextPool<ZstdDecompressCtx> decompressors = new ContextPool<>(ZstdDecompressCtx::new);

    public BlobReader(BlobIndex index) {
        this.loader = () -> index;
        this.index = index;
    }

    /** A reader that loads its index on first use: loading reads every segment's headers. */
    public BlobReader(IndexLoader loader) {
        this.loader = loader;
    }

    private BlobIndex index() throws IOException {
        BlobIndex loaded = index;
        if (loaded != null) return loaded;
        synchronized (this) {
            if (index == null) index = loader.load();
            return index;
        }
    }

    public BlobLocation locate(ContentId id) throws IOException {
        BlobLocation loc = index().get(id);
        if (loc == null) throw new IOException("content " + id + " is missing from the store");
        return loc;
    }

    public BlobLocation locateOrNull(ContentId id) throws IOException {
        return index().get(id);
    }

    /** An input stream of the raw content (caller closes, and verifies the hash). */
    public InputStream open(ContentId id) throws IOException {
        BlobLocation loc = locate(id);
        if (loc.storedLength() <= IN_MEMORY_LIMIT_BYTES && loc.rawLength() <= IN_MEMORY_LIMIT_BYTES) {
            return new java.io.ByteArrayInputStream(readSmall(id, loc));
        }
        InputStream body = new BufferedInputStream(new RegionStream(channel(loc.segment()), loc.bodyOffset(), loc.storedLength()), 1 << 20);
        return loc.flags() == PackDescriptor.FLAG_ZSTD ? new ZstdInputStream(body) : body;
    }

    /** The stored bytes of a record as written (gc copies them verbatim). */
    public ByteBuffer readRecord(BlobLocation loc) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(loc.recordLength()));
        PackScanner.readFully(channel(loc.segment()), buf, loc.offset());
        return buf.flip();
    }

    /** One positional read of header and body; the CRC is checked before decompression. */
    private byte[] readSmall(ContentId id, BlobLocation loc) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(loc.recordLength()));
        PackScanner.readFully(channel(loc.segment()), record, loc.offset());
        byte[] bytes = record.array();
        CRC32C crc = new CRC32C();
        crc.update(bytes, PackDescriptor.HEADER_BYTES, bytes.length - PackDescriptor.HEADER_BYTES);
        if ((int) crc.getValue() != record.getInt(PackDescriptor.CRC_OFFSET)) {
            throw new IOException("content " + id + " is corrupt in segment " + loc.segment() + " (checksum mismatch)");
        }
        if (loc.flags() == PackDescriptor.FLAG_RAW) return Arrays.copyOfRange(bytes, PackDescriptor.HEADER_BYTES, bytes.length);
        try {
            return decompressors.with(ctx -> ctx.decompress(bytes, PackDescriptor.HEADER_BYTES,
                    bytes.length - PackDescriptor.HEADER_BYTES, (int) loc.rawLength()));
        } catch (RuntimeException e) {
            throw new IOException("content " + id + " is corrupt in segment " + loc.segment() + ": " + e.getMessage(), e);
        }
    }

    private FileChannel channel(int segment) throws IOException {
        FileChannel ch = channels.get(segment);
        if (ch != null) return ch;
        Path file = index().segments().get(segment);
        if (file == null) throw new IOException("segment " + segment + " is missing");
        synchronized (channels) {
            ch = channels.get(segment);
            if (ch == null) {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                channels.put(segment, ch);
            }
            return ch;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (FileChannel ch : channels.values()) ch.close();
            channels.clear();
        } finally {
            decompressors.close();
        }
    }

    /** A bounded region of a channel as a stream, by positional reads. */
    private static final class RegionStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        RegionStream(FileChannel ch, long start, long length) {
            this.ch = ch;
            this.pos = start;
            this.end = start + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int want = (int) Math.min(len, end - pos);
            int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
            if (n < 0) throw new IOException("segment ends early");
            pos += n;
            return n;
        }
    }
}
