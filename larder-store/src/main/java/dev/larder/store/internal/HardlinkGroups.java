package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.EntryKind;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Files that were one inode in the source (same device and inode, same content) are restored
 * as hardlinks to the first of them. Empty files are never grouped: they share no data, and
 * linking unrelated empty files would make a write to one show up in the other.
 */
final class HardlinkGroups {
    private record InodeKey(long device, long inode) {}

    private final Map<String, CatalogEntry> leaderOf = new HashMap<>();

    static HardlinkGroups of(Collection<CatalogEntry> accepted) {
        HardlinkGroups groups = new HardlinkGroups();
        if (!anInodeRepeats(accepted)) return groups; // most trees: no map of every file
        Map<InodeKey, CatalogEntry> first = new HashMap<>();
        for (CatalogEntry e : accepted) {
            if (!groupable(e)) continue;
            CatalogEntry leader = first.putIfAbsent(new InodeKey(e.device(), e.inode()), e);
            if (leader != null && leader.contentId().equals(e.contentId())) groups.leaderOf.put(e.pathString(), leader);
        }
        return groups;
    }

    private static boolean groupable(CatalogEntry e) {
        return e.kind() == EntryKind.FILE && e.inode() != 0 && e.size() != 0;
    }

    /** True if two groupable files have the same inode number (on any devices): sorted numbers, not a map. */
    private static boolean anInodeRepeats(Collection<CatalogEntry> entries) {
        long[] inodes = new long[entries.size()];
        int n = 0;
        for (CatalogEntry e : entries) if (groupable(e)) inodes[n++] = e.inode();
        Arrays.sort(inodes, 0, n);
        for (int i = 1; i < n; i++) if (inodes[i] == inodes[i - 1]) return true;
        return false;
    }

    /** The entry this one should be a hardlink to, or null if it is written itself. */
    CatalogEntry leaderOf(CatalogEntry e) {
        return leaderOf.isEmpty() ? null : leaderOf.get(e.pathString());
    }
}
