package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.EntryKind;
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

    static HardlinkGroups of(Iterable<CatalogEntry> accepted) {
        HardlinkGroups groups = new HardlinkGroups();
        Map<InodeKey, CatalogEntry> first = new HashMap<>();
        for (CatalogEntry e : accepted) {
            if (e.kind() != EntryKind.FILE || e.inode() == 0 || e.size() == 0) continue;
            CatalogEntry leader = first.putIfAbsent(new InodeKey(e.device(), e.inode()), e);
            if (leader != null && leader.contentId().equals(e.contentId())) groups.leaderOf.put(e.pathString(), leader);
        }
        return groups;
    }

    /** The entry this one should be a hardlink to, or null if it is written itself. */
    CatalogEntry leaderOf(CatalogEntry e) {
        return leaderOf.get(e.pathString());
    }
}
