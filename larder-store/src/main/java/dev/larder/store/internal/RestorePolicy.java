package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.EntryKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which catalog entries restore may act on. A catalog may be hostile, so an entry is
 * accepted only if its name is a plain relative path (no '/', '.', '..' or empty components, no
 * NUL), it is the first entry of that name, its kind is file, directory or symlink, and its
 * parent is an accepted directory. The last rule is what keeps writes out of symlinks and
 * files: nothing is ever placed "inside" a symlink entry.
 */
public final class RestorePolicy {
    public final Map<String, CatalogEntry> accepted;
    public final List<String> refused = new ArrayList<>();

    private RestorePolicy(int entries) {
        accepted = LinkedHashMap.newLinkedHashMap(entries);
    }

    public static RestorePolicy apply(List<CatalogEntry> entries) {
        RestorePolicy policy = new RestorePolicy(entries.size());
        Set<String> refusedNames = new HashSet<>(); // with accepted's keys: every name seen so far
        for (CatalogEntry e : byDepth(entries)) {
            String name = e.pathString();
            boolean duplicate = policy.accepted.containsKey(name) || refusedNames.contains(name);
            String reason = reasonToRefuse(e, name, duplicate, policy.accepted);
            if (reason == null) {
                policy.accepted.put(name, e);
            } else {
                refusedNames.add(name);
                policy.refused.add(RawNames.printable(name) + ": " + reason);
            }
        }
        return policy;
    }

    private static String reasonToRefuse(CatalogEntry e, String name, boolean duplicate, Map<String, CatalogEntry> accepted) {
        if (duplicate) return "duplicate entry";
        String bad = badName(e.path(), name);
        if (bad != null) return bad;
        if (e.kind() == null) return "unsupported kind " + e.kindCode() + " (device or special file)";
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            CatalogEntry parent = accepted.get(name.substring(0, slash));
            if (parent == null) return "parent is not a directory entry in the catalog";
            if (parent.kind() != EntryKind.DIRECTORY) return "parent is a " + parent.kind().name().toLowerCase() + " in the catalog";
        }
        if (e.kind() == EntryKind.FILE && e.size() < 0) return "negative size";
        if (e.kind() == EntryKind.SYMLINK) return badLinkTarget(e.linkTarget());
        return null;
    }

    static String badName(byte[] raw, String name) {
        if (raw.length == 0) return "empty name";
        for (byte b : raw) if (b == 0) return "name contains NUL";
        if (!RawNames.available() && RawNames.escaped(name)) return "name is not valid UTF-8 (needs --add-opens java.base/sun.nio.fs=ALL-UNNAMED)";
        if (name.startsWith("/")) return "absolute path";
        // A scan of the components rather than split(): restore checks every entry of the catalog.
        for (int start = 0, end; start <= name.length(); start = end + 1) {
            end = name.indexOf('/', start);
            if (end < 0) end = name.length();
            int length = end - start;
            if (length == 0) return "empty path component";
            if (length <= 2 && name.startsWith("..", start) || length == 1 && name.charAt(start) == '.') {
                return "'" + name.substring(start, end) + "' component";
            }
        }
        return null;
    }

    private static String badLinkTarget(byte[] target) {
        if (target == null || target.length == 0) return "symlink without a target";
        for (byte b : target) if (b == 0) return "symlink target contains NUL";
        if (!RawNames.available() && RawNames.escaped(RawNames.decode(target))) {
            return "symlink target is not valid UTF-8 (needs --add-opens java.base/sun.nio.fs=ALL-UNNAMED)";
        }
        return null;
    }

    /** Parents before children, catalog order within a depth; bucketed, so each depth is computed once. */
    static List<CatalogEntry> byDepth(List<CatalogEntry> entries) {
        List<List<CatalogEntry>> buckets = new ArrayList<>();
        for (CatalogEntry e : entries) {
            int d = depth(e);
            while (buckets.size() <= d) buckets.add(new ArrayList<>());
            buckets.get(d).add(e);
        }
        List<CatalogEntry> out = new ArrayList<>(entries.size());
        for (List<CatalogEntry> bucket : buckets) out.addAll(bucket);
        return out;
    }

    static int depth(CatalogEntry e) {
        int d = 0;
        for (byte b : e.path()) if (b == '/') d++;
        return d;
    }
}
