package dev.larder.engine;

import dev.larder.engine.SuperblockDescriptor.Superblock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The index checkpoint: a copy of the key index and of the log's shape, kept next to the data file
 * ({@code <file>.index}) so that opening can skip replaying every region. It is written by
 * {@code checkpoint()} and by a clean close, and trusted only while the log is exactly as it was
 * then: same superblock, same written regions with the same epochs, and no record after the end
 * the open region had. {@link LogRecovery} checks all three; any difference, or any damage to the
 * file, and the open replays the log as if there were no checkpoint. Little-endian:
 *
 * <pre>
 *  header   magic "LARDERIX" | version | createdMs | generation | minEpoch
 *           | blockSize | regionSize | regionCount | nextSeq | openRegion | openEnd
 *           | writtenCount | capacity | size
 *  regions  (region int32, epoch int64) x writtenCount, oldest first; the last is the open one if openRegion >= 0
 *  index    words int64 x capacity, then addresses int32 x capacity (see KeyIndex)
 *  trailer  crc32c of everything before it
 * </pre>
 */
final class IndexCheckpoint {
    static final long MAGIC = 0x584952454452414cL; // "LARDERIX" in a hex dump
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 8 + 4 + 8 + 8 + 8 + 4 + 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4;
    private static final int CHUNK_BYTES = 1 << 20;

    /**
     * The state a checkpoint records. {@code nextSeq} is the log mark: every record and region
     * epoch below it is in the log, nothing at or above it is.
     */
    record State(long createdMs, long generation, long minEpoch, Geometry geometry, long nextSeq,
                 int openRegion, int openEnd, int[] regions, long[] epochs, KeyIndex.Image index) {}

    private IndexCheckpoint() {}

    static Path pathFor(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".index");
    }

    /** Writes {@code state} to {@code file} atomically (a synced temporary file renamed over it). */
    static void write(Path file, State state) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ChunkWriter writer = new ChunkWriter(out);
            Geometry g = state.geometry();
            int capacity = state.index().words().length;
            writer.room(HEADER_BYTES).putLong(MAGIC).putInt(VERSION).putLong(state.createdMs()).putLong(state.generation())
                    .putLong(state.minEpoch()).putInt(g.blockSize()).putInt(g.regionSize()).putInt(g.regionCount())
                    .putLong(state.nextSeq()).putInt(state.openRegion()).putInt(state.openEnd())
                    .putInt(state.regions().length).putInt(capacity).putInt(state.index().size());
            for (int i = 0; i < state.regions().length; i++) writer.room(12).putInt(state.regions()[i]).putLong(state.epochs()[i]);
            writer.putLongs(state.index().words());
            writer.putInts(state.index().addresses());
            writer.finish();
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * The checkpoint in {@code file} if it is intact and made for this very file ({@code superblock});
     * null if it is absent, damaged, or from another file or an earlier clear. Whether the log has
     * changed since is for the caller to check.
     */
    static State read(Path file, Superblock superblock) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ChunkReader reader = new ChunkReader(in);
            ByteBuffer h = reader.take(HEADER_BYTES);
            if (h == null || h.getLong() != MAGIC || h.getInt() != VERSION) return null;
            long createdMs = h.getLong(), generation = h.getLong(), minEpoch = h.getLong();
            Geometry g = new Geometry(h.getInt(), h.getInt(), h.getInt());
            long nextSeq = h.getLong();
            int openRegion = h.getInt(), openEnd = h.getInt(), written = h.getInt(), capacity = h.getInt(), size = h.getInt();
            if (!g.equals(superblock.geometry()) || createdMs != superblock.createdMs()
                    || generation != superblock.generation() || minEpoch != superblock.minEpoch()
                    || written < 0 || written > g.regionCount() || Integer.bitCount(capacity) != 1
                    || openRegion >= g.regionCount() || openEnd < 0 || openEnd > g.regionSize()) {
                return null;
            }
            if (in.size() != HEADER_BYTES + 12L * written + 12L * capacity + 4) return null;
            int[] regions = new int[written];
            long[] epochs = new long[written];
            for (int i = 0; i < written; i++) {
                ByteBuffer b = reader.take(12);
                regions[i] = b.getInt();
                epochs[i] = b.getLong();
            }
            long[] words = new long[capacity];
            int[] addresses = new int[capacity];
            reader.getLongs(words);
            reader.getInts(addresses);
            if (!reader.checksumMatches()) return null;
            if (!locationsInside(words, addresses, g)) return null;
            return new State(createdMs, generation, minEpoch, g, nextSeq, openRegion, openEnd, regions, epochs,
                    new KeyIndex.Image(words, addresses, size));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean locationsInside(long[] words, int[] addresses, Geometry g) {
        long deviceBlocks = g.deviceBytes() / g.blockSize();
        for (int i = 0; i < words.length; i++) {
            if (words[i] == 0) continue;
            long blocks = ((words[i] & 0xFFFF) >>> 1) + 1;
            if ((addresses[i] & 0xFFFF_FFFFL) + blocks > deviceBlocks) return false;
        }
        return true;
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Buffers small puts into large writes and checksums them. */
    private static final class ChunkWriter {
        private final FileChannel out;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        ChunkWriter(FileChannel out) {
            this.out = out;
        }

        ByteBuffer room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) drain();
            return buffer;
        }

        void putLongs(long[] values) throws IOException {
            for (int done = 0; done < values.length; ) {
                int n = Math.min(room(8).remaining() / 8, values.length - done);
                buffer.asLongBuffer().put(values, done, n);
                buffer.position(buffer.position() + 8 * n);
                done += n;
            }
        }

        void putInts(int[] values) throws IOException {
            for (int done = 0; done < values.length; ) {
                int n = Math.min(room(4).remaining() / 4, values.length - done);
                buffer.asIntBuffer().put(values, done, n);
                buffer.position(buffer.position() + 4 * n);
                done += n;
            }
        }

        void finish() throws IOException {
            drain();
            buffer.putInt((int) crc.getValue()).flip();
            while (buffer.hasRemaining()) out.write(buffer);
        }

        private void drain() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) out.write(buffer);
            buffer.clear();
        }
    }

    /** Reads the file in large chunks, checksumming as it goes. */
    private static final class ChunkReader {
        private final FileChannel in;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN).limit(0);
        private final CRC32C crc = new CRC32C();

        ChunkReader(FileChannel in) {
            this.in = in;
        }

        /** The buffer positioned at the next {@code bytes} bytes, or null at the end of the file. */
        ByteBuffer take(int bytes) throws IOException {
            if (buffer.remaining() < bytes && !refill(bytes)) return null;
            int at = buffer.position();
            ByteBuffer view = buffer.slice(at, bytes).order(ByteOrder.LITTLE_ENDIAN);
            crc.update(buffer.slice(at, bytes));
            buffer.position(at + bytes);
            return view;
        }

        void getLongs(long[] values) throws IOException {
            for (int done = 0; done < values.length; ) {
                int n = Math.min(available(8) / 8, values.length - done);
                take(8 * n).asLongBuffer().get(values, done, n);
                done += n;
            }
        }

        void getInts(int[] values) throws IOException {
            for (int done = 0; done < values.length; ) {
                int n = Math.min(available(4) / 4, values.length - done);
                take(4 * n).asIntBuffer().get(values, done, n);
                done += n;
            }
        }

        /** Bytes buffered, after refilling if fewer than {@code atLeast}; the file's size was checked up front. */
        private int available(int atLeast) throws IOException {
            if (buffer.remaining() < atLeast && !refill(atLeast)) throw new IOException("index checkpoint ends early");
            return buffer.remaining();
        }

        boolean checksumMatches() throws IOException {
            int expected = (int) crc.getValue();
            ByteBuffer trailer = take(4);
            return trailer != null && trailer.getInt() == expected;
        }

        private boolean refill(int bytes) throws IOException {
            buffer.compact();
            while (buffer.position() < bytes) {
                if (in.read(buffer) < 0) {
                    buffer.flip();
                    return false;
                }
            }
            buffer.flip();
            return true;
        }
    }
}
