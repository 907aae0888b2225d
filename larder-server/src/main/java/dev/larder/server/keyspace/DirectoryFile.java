package dev.larder.server.keyspace;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The key directory saved beside the values (SAVE, BGSAVE, a clean shutdown), so that a restart
 * loads it instead of reading every key back from the value store. It carries the store's log
 * mark and is trusted only while the store's mark is unchanged: one write since, and the restart
 * rebuilds the directory from the store as if this file did not exist. Big-endian:
 *
 * <pre>
 *  magic "LARDERKD" int64 | version int32 | logMark int64
 *  entries: db u8 (0-15) | keyLength int32 | key | expireAtMs int64   (0 = no expiry)
 *  end:     0xFF | entryCount int64 | crc32c int32 of everything before it
 * </pre>
 */
final class DirectoryFile {
    static final String NAME = "larder.keys";
    private static final long MAGIC = 0x4c41524445524b44L; // "LARDERKD"
    private static final int VERSION = 1;
    private static final int END = 0xFF;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_KEY_BYTES = 64 << 10; // the value store's limit, database prefix included

    /** Receives the entries of a file being read. */
    interface Sink {
        void put(int db, byte[] key, long expireAtMs);
    }

    private DirectoryFile() {}

    /** Writes every key not expired at {@code nowMs}, atomically (a synced temporary file renamed over the old one). */
    static void write(Path file, long logMark, KeyTable[] databases, long nowMs) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileOutputStream fileOut = new FileOutputStream(temp.toFile())) {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(fileOut, BUFFER_BYTES), crc));
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(logMark);
            long count = 0;
            for (int db = 0; db < databases.length; db++) {
                for (KeyTable.Node node : databases[db].nodes()) {
                    if (node.expireAtMs != 0 && node.expireAtMs <= nowMs) continue;
                    out.writeByte(db);
                    out.writeInt(node.key.length);
                    out.write(node.key);
                    out.writeLong(node.expireAtMs);
                    count++;
                }
            }
            out.writeByte(END);
            out.writeLong(count);
            out.flush();
            out.writeInt((int) crc.getValue());
            out.flush();
            fileOut.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel parent = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            parent.force(true);
        }
    }

    /**
     * Feeds {@code sink} the file's entries if it exists, is intact and was saved at {@code logMark}.
     * Returns false otherwise, possibly after feeding part of it: the caller then discards what it got.
     */
    static boolean read(Path file, long logMark, Sink sink) throws IOException {
        CRC32C crc = new CRC32C();
        try (DataInputStream in = new DataInputStream(new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES), crc))) {
            if (in.readLong() != MAGIC || in.readInt() != VERSION || in.readLong() != logMark) return false;
            long count = 0;
            for (int db = in.readUnsignedByte(); db != END; db = in.readUnsignedByte(), count++) {
                int keyLength = in.readInt();
                if (db >= Keyspace.DATABASES || keyLength <= 0 || keyLength > MAX_KEY_BYTES) return false;
                byte[] key = in.readNBytes(keyLength);
                if (key.length != keyLength) return false;
                sink.put(db, key, in.readLong());
            }
            if (in.readLong() != count) return false;
            int expected = (int) crc.getValue();
            return in.readInt() == expected && in.read() < 0;
        } catch (NoSuchFileException | EOFException e) {
            return false;
        }
    }
}
