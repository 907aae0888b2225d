package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Catalog file format ({@code catalogs/<sha256 of the file>}), big-endian:
 *
 * <pre>
 *   header : magic "LCAT" (4) | version (4) = 1 | entryCount (4)
 *   entry  : kind (1) | pathLen (4) | path | mode (4) | size (8) | mtimeNs (8) | inode (8) | device (8)
 *            | [kind FILE: sha256 (32)] | [kind SYMLINK: targetLen (4) | target]
 *   trailer: crc32c of everything before it (4)
 * </pre>
 *
 * Truncation or corruption fails the trailer check (and the id, which is the file's hash).
 * Decoding checks structure only; whether entries are safe to restore is {@link RestorePolicy}'s job.
 */
public final class CatalogCodec {
    static final int MAGIC = 0x4C434154; // "LCAT"
    static final int VERSION = 1;
    static final int MAX_NAME_BYTES = 1 << 16;

    private CatalogCodec() {}

    public static byte[] encode(List<CatalogEntry> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            for (CatalogEntry e : entries) writeEntry(out, e);
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static void writeEntry(DataOutputStream out, CatalogEntry e) throws IOException {
        out.writeByte(e.kindCode());
        out.writeInt(e.path().length);
        out.write(e.path());
        out.writeInt(e.mode());
        out.writeLong(e.size());
        out.writeLong(e.mtimeNs());
        out.writeLong(e.inode());
        out.writeLong(e.device());
        if (e.kindCode() == EntryKind.FILE.code) out.write(e.contentId().bytes());
        if (e.kindCode() == EntryKind.SYMLINK.code) {
            out.writeInt(e.linkTarget().length);
            out.write(e.linkTarget());
        }
    }

    /** Decodes a catalog; throws IOException naming {@code what} if it is truncated or corrupt. */
    public static List<CatalogEntry> decode(byte[] data, String what) throws IOException {
        if (data.length < 16) throw new IOException("catalog " + what + " is truncated (" + data.length + " bytes)");
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.getInt(data.length - 4) != (int) crc.getValue()) {
            throw new IOException("catalog " + what + " is truncated or corrupt (checksum mismatch); re-run the snapshot");
        }
        if (b.getInt() != MAGIC) throw new IOException("catalog " + what + " is not a Larder catalog (bad magic)");
        int version = b.getInt();
        if (version != VERSION) throw new IOException("catalog " + what + " has unsupported version " + version);
        int count = b.getInt();
        b.limit(data.length - 4);
        try {
            List<CatalogEntry> entries = new ArrayList<>(Math.min(count, 1 << 20));
            for (int i = 0; i < count; i++) entries.add(readEntry(b));
            if (b.hasRemaining()) throw new IOException("catalog " + what + " has trailing bytes");
            return entries;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("catalog " + what + " is malformed: " + e, e);
        }
    }

    private static CatalogEntry readEntry(ByteBuffer b) {
        int kind = b.get() & 0xFF;
        byte[] path = bytes(b, b.getInt());
        int mode = b.getInt();
        long size = b.getLong();
        long mtime = b.getLong();
        long inode = b.getLong();
        long device = b.getLong();
        ContentId id = kind == EntryKind.FILE.code ? new ContentId(bytes(b, ContentId.LENGTH_BYTES)) : null;
        byte[] target = kind == EntryKind.SYMLINK.code ? bytes(b, b.getInt()) : null;
        return new CatalogEntry(path, kind, mode, size, mtime, inode, device, id, target);
    }

    private static byte[] bytes(ByteBuffer b, int length) {
        if (length < 0 || length > MAX_NAME_BYTES && length != ContentId.LENGTH_BYTES) {
            throw new IllegalArgumentException("bad length " + length);
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
