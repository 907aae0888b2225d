package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Walks a tree without following symlinks, collecting each entry's unix attributes. */
public final class TreeScanner {
    /** One scanned path: relative name ('/'-separated), kind, and the attributes the catalog keeps. */
    public record Scanned(Path file, String relative, EntryKind kind, int mode, long size, long mtimeNs, long inode, long device) {}

    public final List<Scanned> entries = new ArrayList<>();
    public final List<String> skipped = new ArrayList<>();

    public static TreeScanner scan(Path root) throws IOException {
        TreeScanner scanner = new TreeScanner();
        TreeWalker.walk(root, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, Map<String, Object> attrs) {
                scanner.add(file, relative, attrs);
            }

            @Override
            public void failed(Path file, String relative, IOException e) {
                scanner.skipped.add(RawNames.printable(relative) + ": unreadable (" + e.getMessage() + ")");
            }
        });
        // Sorted so equal trees give equal catalogs whatever order the directory lists them in.
        scanner.entries.sort(java.util.Comparator.comparing(Scanned::relative));
        return scanner;
    }

    private void add(Path file, String relative, Map<String, Object> a) {
        if (!RawNames.available() && relative.indexOf('\uFFFD') >= 0) {
            // Without access to the raw bytes a name that is not UTF-8 could not be written back
            // byte-exactly, so it is left out rather than renamed.
            skipped.add(relative + ": name is not valid UTF-8 (needs --add-opens java.base/sun.nio.fs=ALL-UNNAMED)");
            return;
        }
        int rawMode = (Integer) a.get("mode");
        EntryKind kind = kindOf(rawMode);
        if (kind == null) {
            skipped.add(RawNames.printable(relative) + ": special file (device, fifo or socket)");
            return;
        }
        long mtimeNs = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        long size = kind == EntryKind.FILE ? (Long) a.get("size") : 0;
        entries.add(new Scanned(file, relative, kind, rawMode & 07777, size, mtimeNs, (Long) a.get("ino"), (Long) a.get("dev")));
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
