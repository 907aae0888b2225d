package dev.larder.store.internal;

import dev.larder.store.ContentId;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Walks the record headers of one segment; segments are the truth the index is rebuilt from. */
public final class PackScanner {
    /** Receives each complete record in file order. */
    public interface RecordSink {
        void record(ContentId id, BlobLocation location) throws IOException;
    }

    private PackScanner() {}

    /** Bytes read at a time while scanning headers. Default: 256 KiB, ~50 typical small records per read. */
    static final int SCAN_WINDOW_BYTES = 256 << 10;

    /**
     * Scans one segment; returns the offset where valid records end (a torn tail starts there).
     * A segment up to 2 GiB is mapped whole and its headers read in place; a larger one is read
     * in windows, so a run of small records costs one read per window rather than one per
     * record, and a large body is skipped by moving the window.
     */
    public static long scan(Path segmentFile, int segment, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(segmentFile, StandardOpenOption.READ); Arena mapping = Arena.ofConfined()) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer window;
            long windowStart = 0;
            if (size <= Integer.MAX_VALUE) { // reading windows copied every body between the headers too
                window = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, mapping).asByteBuffer();
            } else {
                window = ByteBuffer.allocate(SCAN_WINDOW_BYTES);
                window.limit(0);
            }
            while (pos + PackDescriptor.HEADER_BYTES <= size) {
                if (pos < windowStart || pos + PackDescriptor.HEADER_BYTES > windowStart + window.limit()) {
                    windowStart = pos;
                    window.clear().limit((int) Math.min(window.capacity(), size - pos));
                    readFully(ch, window, pos);
                }
                int at = (int) (pos - windowStart);
                if (window.getInt(at + PackDescriptor.MAGIC_OFFSET) != PackDescriptor.MAGIC) break;
                long raw = window.getLong(at + PackDescriptor.RAW_LENGTH_OFFSET);
                long stored = window.getLong(at + PackDescriptor.STORED_LENGTH_OFFSET);
                byte flags = window.get(at + PackDescriptor.FLAGS_OFFSET);
                if (raw < 0 || stored < 0 || stored > size - pos - PackDescriptor.HEADER_BYTES) break;
                byte[] sha = new byte[ContentId.LENGTH_BYTES];
                window.get(at + PackDescriptor.SHA_OFFSET, sha);
                sink.record(new ContentId(sha), new BlobLocation(segment, pos, stored, raw, flags));
                pos += PackDescriptor.HEADER_BYTES + stored;
            }
            return pos;
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of segment at " + pos);
            pos += n;
        }
    }
}
