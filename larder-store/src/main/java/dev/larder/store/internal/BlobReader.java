package dev.larder.store.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.larder.store.ContentId;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;

/**
 * Reads blob contents back. Small records are read whole, many at a time in a {@link ReadPlan}
 * span, and CRC-checked before decompression; large ones are streamed. Either way the caller re-hashes what it gets: the
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
    private final LongAdder positionalReads = new LongAdder();
    private final ContextPool<ZstdDecompressCtx> decompressors = new ContextPool<>(Zstd::decompressor);

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

    /** True if a record is streamed from its segment rather than read into memory whole. */
    static boolean streams(BlobLocation loc) {
        return loc.storedLength() > IN_MEMORY_LIMIT_BYTES || loc.rawLength() > IN_MEMORY_LIMIT_BYTES;
    }

    /** The raw contents of the records in one span (caller closes each stream, and verifies the hash). */
    public interface SpanContents {
        InputStream open(ContentId id, BlobLocation loc) throws IOException;

        /**
         * Decodes a record into {@code into}, a direct buffer with room for its raw length, and flips it;
         * false, with nothing decoded, for a span that is streamed (caller verifies the hash).
         */
        default boolean decodeInto(ContentId id, BlobLocation loc, ByteBuffer into) throws IOException {
            return false;
        }
    }

    /** An input stream of the raw content (caller closes, and verifies the hash). */
    public InputStream open(ContentId id) throws IOException {
        BlobLocation loc = locate(id);
        return read(new ReadPlan.Span<>(loc.segment(), loc.offset(), loc.offset() + loc.recordLength(), streams(loc), List.of()))
                .open(id, loc);
    }

    /** Reads a span with one positional read (a streamed span: lazily, as its stream is read). */
    public SpanContents read(ReadPlan.Span<?> span) throws IOException {
        FileChannel channel = channel(span.segment());
        if (span.streamed()) {
            return (id, loc) -> {
                InputStream body = new BufferedInputStream(new RegionStream(channel, loc.bodyOffset(), loc.storedLength()), 1 << 20);
                return loc.flags() == PackDescriptor.FLAG_ZSTD ? Zstd.inputStream(body) : body;
            };
        }
        ByteBuffer bytes = ByteBuffer.allocate(span.length());
        PackScanner.readFully(channel, bytes, span.start());
        positionalReads.increment();
        return new SpanContents() {
            @Override
            public InputStream open(ContentId id, BlobLocation loc) throws IOException {
                return new ByteArrayInputStream(decode(id, loc, bytes, Math.toIntExact(loc.offset() - span.start())));
            }

            @Override
            public boolean decodeInto(ContentId id, BlobLocation loc, ByteBuffer into) throws IOException {
                BlobReader.this.decodeInto(id, loc, bytes, Math.toIntExact(loc.offset() - span.start()), into);
                return true;
            }
        };
    }

    /** Positional reads of whole spans so far: merged reads make this far smaller than the record count. */
    public long positionalReads() {
        return positionalReads.sum();
    }

    /** The stored bytes of a record as written (gc copies them verbatim). */
    public ByteBuffer readRecord(BlobLocation loc) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(loc.recordLength()));
        PackScanner.readFully(channel(loc.segment()), buf, loc.offset());
        return buf.flip();
    }

    /** The raw content of the record at {@code at} in {@code span}; its CRC is checked before decompression. */
    private byte[] decode(ContentId id, BlobLocation loc, ByteBuffer span, int at) throws IOException {
        byte[] bytes = span.array();
        int body = checkedBody(id, loc, span, at);
        int stored = Math.toIntExact(loc.storedLength());
        if (loc.flags() == PackDescriptor.FLAG_RAW) return Arrays.copyOfRange(bytes, body, body + stored);
        try {
            return decompressors.with(ctx -> ctx.decompress(bytes, body, stored, (int) loc.rawLength()));
        } catch (RuntimeException e) {
            throw corrupt(id, loc, e);
        }
    }

    /** As {@link #decode}, into a direct buffer (zstd writes there, no copy), flipped. */
    private void decodeInto(ContentId id, BlobLocation loc, ByteBuffer span, int at, ByteBuffer into) throws IOException {
        int body = checkedBody(id, loc, span, at);
        int stored = Math.toIntExact(loc.storedLength());
        int raw = Math.toIntExact(loc.rawLength());
        if (!into.isDirect() || into.remaining() < raw) throw new IllegalArgumentException("not a direct buffer with room for " + raw + " bytes");
        if (loc.flags() == PackDescriptor.FLAG_RAW) {
            if (stored != raw) throw new IOException("content " + id + " is corrupt in segment " + loc.segment() + " (stored length)");
            into.put(span.array(), body, stored).flip();
            return;
        }
        int n;
        try {
            n = decompressors.with(ctx -> ctx.decompressByteArrayToDirectByteBuffer(into, into.position(), raw, span.array(), body, stored));
        } catch (RuntimeException e) {
            throw corrupt(id, loc, e);
        }
        into.position(into.position() + n).flip();
    }

    /** The offset of the record's body in {@code span}, once its CRC matched. */
    private static int checkedBody(ContentId id, BlobLocation loc, ByteBuffer span, int at) throws IOException {
        int body = at + PackDescriptor.HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(span.array(), body, Math.toIntExact(loc.storedLength()));
        if ((int) crc.getValue() != span.getInt(at + PackDescriptor.CRC_OFFSET)) {
            throw new IOException("content " + id + " is corrupt in segment " + loc.segment() + " (checksum mismatch)");
        }
        return body;
    }

    private static IOException corrupt(ContentId id, BlobLocation loc, RuntimeException e) {
        return new IOException("content " + id + " is corrupt in segment " + loc.segment() + ": " + e.getMessage(), e);
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
