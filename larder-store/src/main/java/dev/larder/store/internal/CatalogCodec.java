package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
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
 *   header : magic "LCAT" (4) | version (4) | entryCount (4)
 *            | [version 2: rootMode (4) | rootMtimeNs (8)]
 *   entry  : kind (1) | pathLen (4) | path | mode (4) | size (8) | mtimeNs (8) | inode (8) | device (8)
 *            | [kind FILE: sha256 (32)] | [kind SYMLINK: targetLen (4) | target]
 *   trailer: crc32c of everything before it (4)
 * </pre>
 *
 * Version 2 carries the tree root's own mode and mtime, which a restore gives the target; a
 * version 1 catalog (no root) leaves the target's as they are. Truncation or corruption fails the
 * trailer check (and the id, which is the file's hash).
 * Decoding checks structure only; whether entries are safe to restore is {@link RestorePolicy}'s job.
 */
public final class CatalogCodec {
    static final int MAGIC = 0x4C434154; // "LCAT"
    static final int VERSION_WITHOUT_ROOT = 1;
    static final int VERSION = 2;
    static final int MAX_NAME_BYTES = 1 << 16;

    /** The tree root's own attributes: its permission bits and mtime. */
    public record Root(int mode, long mtimeNs) {}

    /** A decoded catalog; {@code root} is null for a version 1 catalog. */
    public record Decoded(List<CatalogEntry> entries, Root root) {}

    private CatalogCodec() {}

    /** Encodes a catalog; a null {@code root} writes version 1, which has none. */
    public static byte[] encode(List<CatalogEntry> entries, Root root) {
        long length = 12 + (root == null ? 0 : 12) + 4;
        for (CatalogEntry e : entries) length += encodedLength(e);
        if (length > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("catalog of " + entries.size() + " entries exceeds 2 GiB");
        ByteBuffer out = ByteBuffer.allocate((int) length); // sized exactly: no growing, no copy at the end
        out.putInt(MAGIC).putInt(root == null ? VERSION_WITHOUT_ROOT : VERSION).putInt(entries.size());
        if (root != null) out.putInt(root.mode()).putLong(root.mtimeNs());
        for (CatalogEntry e : entries) writeEntry(out, e);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static long encodedLength(CatalogEntry e) {
        long length = 1 + 4 + e.path().length + 4 + 8 * 4;
        if (e.kindCode() == EntryKind.FILE.code) length += ContentId.LENGTH_BYTES;
        if (e.kindCode() == EntryKind.SYMLINK.code) length += 4 + e.linkTarget().length;
        return length;
    }

    private static void writeEntry(ByteBuffer out, CatalogEntry e) {
        out.put((byte) e.kindCode());
        out.putInt(e.path().length);
        out.put(e.path());
        out.putInt(e.mode());
        out.putLong(e.size());
        out.putLong(e.mtimeNs());
        out.putLong(e.inode());
        out.putLong(e.device());
        if (e.kindCode() == EntryKind.FILE.code) out.put(e.contentId().bytes());
        if (e.kindCode() == EntryKind.SYMLINK.code) {
            out.putInt(e.linkTarget().length);
            out.put(e.linkTarget());
        }
    }

    /** Decodes a catalog; throws IOException naming {@code what} if it is truncated or corrupt. */
    public static Decoded decode(byte[] data, String what) throws IOException {
        if (data.length < 16) throw new IOException("catalog " + what + " is truncated (" + data.length + " bytes)");
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.getInt(data.length - 4) != (int) crc.getValue()) {
            throw new IOException("catalog " + what + " is truncated or corrupt (checksum mismatch); re-run the snapshot");
        }
        if (b.getInt() != MAGIC) throw new IOException("catalog " + what + " is not a Larder catalog (bad magic)");
        int version = b.getInt();
        if (version != VERSION && version != VERSION_WITHOUT_ROOT) throw new IOException("catalog " + what + " has unsupported version " + version);
        int count = b.getInt();
        b.limit(data.length - 4);
        try {
            Root root = version == VERSION ? new Root(b.getInt() & 07777, b.getLong()) : null;
            List<CatalogEntry> entries = new ArrayList<>(Math.min(count, 1 << 20));
            for (int i = 0; i < count; i++) entries.add(readEntry(b));
            if (b.hasRemaining()) throw new IOException("catalog " + what + " has trailing bytes");
            return new Decoded(entries, root);
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
