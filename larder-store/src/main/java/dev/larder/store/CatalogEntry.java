package dev.larder.store;

import java.nio.charset.StandardCharsets;

/**
 * One path in a catalog. {@code path} is relative, '/'-separated, as raw bytes (UTF-8 of the
 * JVM's view of the name). {@code kindCode} is kept raw so a hostile catalog's unknown kinds
 * survive decoding and are refused by restore. {@code contentId} is set for files only,
 * {@code linkTarget} for symlinks only. {@code inode}/{@code device} serve change detection and
 * hardlink grouping.
 */
public record CatalogEntry(byte[] path, int kindCode, int mode, long size, long mtimeNs,
                           long inode, long device, ContentId contentId, byte[] linkTarget) {

    public EntryKind kind() {
        return EntryKind.ofCode(kindCode);
    }

    public String pathString() {
        return new String(path, StandardCharsets.UTF_8);
    }

    public String linkTargetString() {
        return linkTarget == null ? null : new String(linkTarget, StandardCharsets.UTF_8);
    }
}
