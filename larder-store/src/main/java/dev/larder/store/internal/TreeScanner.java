package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import dev.larder.store.FileErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Walks a tree without following symlinks, collecting each entry's unix attributes. */
public final class TreeScanner {
    /** One scanned path: relative name ('/'-separated), kind, and the attributes the catalog keeps. */
    public record Scanned(Path file, String relative, EntryKind kind, int mode, long size, long mtimeNs, long inode, long device) {}

    public final List<Scanned> entries = new ArrayList<>();
    /** Entries that could not be stored: unreadable directories, names that cannot be kept. */
    public final List<String> skipped = new ArrayList<>();
    /** Devices, fifos and sockets: never in a catalog. */
    public final List<String> specialFiles = new ArrayList<>();
    /** The root's own mode and mtime, read after the walk (entries made in it during the walk change its mtime). */
    CatalogCodec.Root root;

    /**
     * Scans {@code root}, leaving out the entry named {@code excluded} (null for none); paths beyond
     * PATH_MAX are reached through {@code paths}, so use them before closing it.
     */
    static TreeScanner scan(Path root, LongPaths paths, String excluded) throws IOException {
        TreeScanner scanner = new TreeScanner();
        TreeWalker.walk(root, paths, excluded, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, EntryStat stat) {
                scanner.add(file, relative, stat);
            }

            @Override
            public void failed(Path file, String relative, IOException e) {
                scanner.skipped.add(RawNames.printable(relative) + ": unreadable (" + FileErrors.describe(e) + ")");
            }
        });
        // Sorted so equal trees give equal catalogs whatever order the directory lists them in.
        scanner.entries.sort(java.util.Comparator.comparing(Scanned::relative));
        EntryStat rootStat = EntryStat.lstat(root.toRealPath()); // a root given as a symlink: the directory's, not the link's
        scanner.root = new CatalogCodec.Root(rootStat.mode() & 07777, rootStat.mtimeNs());
        return scanner;
    }

    private void add(Path file, String relative, EntryStat stat) {
        if (!RawNames.available() && relative.indexOf('\uFFFD') >= 0) {
            // Without access to the raw bytes a name that is not UTF-8 could not be written back
            // byte-exactly, so it is left out rather than renamed.
            skipped.add(relative + ": name is not valid UTF-8 (needs --add-opens java.base/sun.nio.fs=ALL-UNNAMED)");
            return;
        }
        EntryKind kind = kindOf(stat.mode());
        if (kind == null) {
            specialFiles.add(RawNames.printable(relative) + ": special file (device, fifo or socket)");
            return;
        }
        long size = kind == EntryKind.FILE ? stat.size() : 0;
        entries.add(new Scanned(file, relative, kind, stat.mode() & 07777, size, stat.mtimeNs(), stat.inode(), stat.device()));
    }

    static EntryKind kindOf(int rawMode) {
        return switch (rawMode & 0170000) {
            case 0100000 -> EntryKind.FILE;
            case 0040000 -> EntryKind.DIRECTORY;
            case 0120000 -> EntryKind.SYMLINK;
            default -> null;
        };
    }
}
