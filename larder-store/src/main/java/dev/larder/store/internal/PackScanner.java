package dev.larder.store.internal;

import dev.larder.store.ContentId;
import java.io.IOException;
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

    /** Scans one segment; returns the offset where valid records end (a torn tail starts there). */
    public static long scan(Path segmentFile, int segment, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(segmentFile, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(PackDescriptor.HEADER_BYTES);
            while (pos + PackDescriptor.HEADER_BYTES <= size) {
                header.clear();
                readFully(ch, header, pos);
                if (header.getInt(PackDescriptor.MAGIC_OFFSET) != PackDescriptor.MAGIC) break;
                long raw = header.getLong(PackDescriptor.RAW_LENGTH_OFFSET);
                long stored = header.getLong(PackDescriptor.STORED_LENGTH_OFFSET);
                byte flags = header.get(PackDescriptor.FLAGS_OFFSET);
                if (raw < 0 || stored < 0 || pos + PackDescriptor.HEADER_BYTES + stored > size) break;
                byte[] sha = new byte[ContentId.LENGTH_BYTES];
                header.get(PackDescriptor.SHA_OFFSET, sha);
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
