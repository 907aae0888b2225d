package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Read-only copies of contents that {@code restore --link} hardlinks into targets:
 * {@code materialized/ab/<content id>-<mode>-<mtime ns>}, one per content, mode and mtime (a
 * hardlink shares its inode, so entries that differ in either need copies of their own), with the
 * write bits cleared. They are a cache derived from the packs, never the store's truth: a copy
 * whose size, mode or mtime no longer match is rebuilt from the packs before it is linked again,
 * {@code verify} re-hashes them all, and {@code gc} drops copies of contents it drops.
 */
public final class Materialized {
    static final int NO_WRITE = ~0222;
    private final Path root;

    public Materialized(Path storeRoot) {
        this.root = storeRoot.resolve("materialized");
    }

    /** The mode a linked file gets: the catalog's, without write bits (for anyone). */
    static int linkMode(CatalogEntry e) {
        return e.mode() & NO_WRITE;
    }

    /** The directory the copies are in. */
    Path root() {
        return root;
    }

    Path pathFor(CatalogEntry e) {
        String hex = e.contentId().hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex + "-" + Integer.toOctalString(linkMode(e)) + "-" + e.mtimeNs());
    }

    /** True if the copy for {@code e} exists and still looks as it was made (one lstat). */
    boolean intact(CatalogEntry e) throws IOException {
        Path p = pathFor(e);
        EntryStat stat;
        try {
            stat = EntryStat.lstat(p);
        } catch (java.nio.file.NoSuchFileException absent) {
            return false;
        }
        return TreeScanner.kindOf(stat.mode()) == EntryKind.FILE && (stat.mode() & 07777) == linkMode(e)
                && stat.size() == e.size() && stat.mtimeNs() == e.mtimeNs();
    }

    /** The content id a copy's file name declares, or null if the name is not one of ours. */
    public static ContentId contentOf(Path copy) {
        String name = copy.getFileName().toString();
        int dash = name.indexOf('-');
        try {
            return dash == 64 ? ContentId.parse(name.substring(0, dash)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Every copy, for verify: not the temp files ({@code .larder-*.tmp}) a {@code restore --link}
     * is writing copies to, which only the restore holding them knows to be complete.
     */
    public void forEach(IoConsumer<Path> action) throws IOException {
        forEachFile(file -> {
            if (!inProgress(file)) action.accept(file);
        });
    }

    /** True for a copy still being written (or left by a killed restore): its temp name, not a copy's. */
    static boolean inProgress(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".larder-") && name.endsWith(".tmp");
    }

    private void forEachFile(IoConsumer<Path> action) throws IOException {
        if (!Files.isDirectory(root)) return;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> copies = Files.newDirectoryStream(shard)) {
                    for (Path copy : copies) action.accept(copy);
                }
            }
        }
    }

    /**
     * Deletes the copies of contents not in {@code live}, and temp files: the caller holds the
     * store's exclusive lock, so no restore is writing them. Returns how many.
     */
    public long prune(Set<ContentId> live) throws IOException {
        long[] removed = {0};
        forEachFile(copy -> {
            ContentId id = contentOf(copy);
            if (id == null || !live.contains(id)) {
                Files.deleteIfExists(copy);
                removed[0]++;
            }
        });
        return removed[0];
    }

    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
