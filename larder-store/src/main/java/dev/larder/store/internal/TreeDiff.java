package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.DiffResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares a target directory with a catalog without changing anything. */
public final class TreeDiff {
    private TreeDiff() {}

    /** {@code linked}: compare with what {@code restore --link} leaves, non-empty files without write bits. */
    public static DiffResult diff(List<CatalogEntry> catalog, Path target, boolean linked) throws IOException {
        RestorePolicy policy = RestorePolicy.apply(catalog);
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>(), changed = new ArrayList<>();
        TargetState state = new TargetState(0);
        TargetState.requireDirectoryOrAbsent(target);
        try (LongPaths paths = LongPaths.open()) {
            Path root = Files.isDirectory(target) ? target.toRealPath() : null;
            if (root != null) state = TargetState.scan(root, paths, catalog.size());
            for (Map.Entry<String, CatalogEntry> accepted : policy.accepted.entrySet()) {
                String name = accepted.getKey(); // the entry's decoded path
                CatalogEntry e = accepted.getValue();
                TargetState.Existing now = state.entries.get(name);
                if (now == null) missing.add(RawNames.printable(name));
                else if (differs(e, now, paths.reachable(RawNames.resolve(root, name)), linked)) {
                    changed.add(RawNames.printable(name));
                }
            }
        }
        for (Map.Entry<String, TargetState.Existing> x : state.entries.entrySet()) {
            if (!policy.accepted.containsKey(x.getKey())) extra.add(RawNames.printable(x.getKey()));
        }
        extra.sort(null); // the walk's order is the directories'; report in name order
        return new DiffResult(missing, extra, changed, List.copyOf(policy.refused));
    }

    private static boolean differs(CatalogEntry e, TargetState.Existing now, Path file, boolean linked) throws IOException {
        if (now.kind() != e.kind()) return true;
        return switch (e.kind()) {
            case FILE -> now.size() != e.size() || now.mtimeNs() != e.mtimeNs()
                    || now.mode() != (linked && e.size() > 0 ? Materialized.linkMode(e) : e.mode());
            case DIRECTORY -> now.mode() != e.mode();
            case SYMLINK -> now.mtimeNs() != e.mtimeNs() || !java.util.Arrays.equals(
                    RawNames.bytes(Files.readSymbolicLink(file)), e.linkTarget());
        };
    }
}
