package dev.larder.store;

import dev.larder.store.internal.RawNames;

/**
 * One path in a catalog. {@code path} is relative, '/'-separated, as raw bytes (as the kernel
 * has them; {@link #pathString} escapes bytes that are not UTF-8, see RawNames). {@code kindCode}
 * is kept raw so a hostile catalog's unknown kinds survive decoding and are refused by restore.
 * {@code contentId} is set for files only, {@code linkTarget} for symlinks only.
 * {@code inode}/{@code device} serve change detection and hardlink grouping.
 */
public record CatalogEntry(byte[] path, int kindCode, int mode, long size, long mtimeNs,
                           long inode, long device, ContentId contentId, byte[] linkTarget) {

    public EntryKind kind() {
        return EntryKind.ofCode(kindCode);
    }

    public String pathString() {
        return RawNames.decode(path);
    }

    public String linkTargetString() {
        return linkTarget == null ? null : RawNames.decode(linkTarget);
    }
}
