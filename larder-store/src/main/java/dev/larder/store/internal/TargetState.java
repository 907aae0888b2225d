package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/** What is on disk under a restore target now, walked without following symlinks. */
final class TargetState {
    record Existing(EntryKind kind, int mode, long size, long mtimeNs) {}

    /** Relative name to attributes, in walk order (a directory before its entries), so reversed lists children first. */
    final LinkedHashMap<String, Existing> entries;

    TargetState(int expectedEntries) {
        entries = LinkedHashMap.newLinkedHashMap(expectedEntries);
    }

    /** Throws "PATH: not a directory" if {@code target} exists and is not a directory (a symlink to one is). */
    static void requireDirectoryOrAbsent(Path target) throws IOException {
        if (Files.exists(target) && !Files.isDirectory(target)) throw new NotDirectoryException(target.toString());
    }

    /** {@code expectedEntries}: how many entries the target likely has (a catalog's count), to size the map once. */
    static TargetState scan(Path root, LongPaths paths, int expectedEntries) throws IOException {
        TargetState state = new TargetState(expectedEntries);
        TreeWalker.walk(root, paths, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, EntryStat stat) {
                state.entries.put(relative, new Existing(TreeScanner.kindOf(stat.mode()), stat.mode() & 07777, stat.size(), stat.mtimeNs()));
            }

            @Override
            public void failed(Path file, String relative, IOException e) throws IOException {
                throw e; // restore must see the whole target before deleting anything in it
            }
        });
        return state;
    }
}
