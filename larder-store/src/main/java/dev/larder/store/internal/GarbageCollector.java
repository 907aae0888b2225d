package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.FileErrors;
import dev.larder.store.GcResult;
import dev.larder.store.Progress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drops blobs no catalog references: copies live records into new segments, syncs them, then
 * deletes the old segments. Runs under the exclusive store lock. A crash before the deletes
 * leaves both copies (the index takes the first); a catalog that cannot be read aborts gc,
 * since its contents would otherwise look dead.
 */
public final class GarbageCollector {
    private GarbageCollector() {}

    /** {@code progress} (may be null) counts blobs and their stored bytes as they are kept or dropped. */
    public static GcResult collect(Path blobsDir, BlobIndex index, CatalogFiles catalogs, Consumer<Progress> progress) throws IOException {
        Set<ContentId> live = new HashSet<>();
        for (ContentId id : catalogs.ids()) {
            for (CatalogEntry e : readOrExplain(catalogs, id)) if (e.contentId() != null) live.add(e.contentId());
        }
        Map<Integer, Path> old = index.segments();
        long before = 0;
        for (Path p : old.values()) before += Files.size(p);
        long kept = 0, dropped = 0;
        Map<ContentId, BlobLocation> all = index.all();
        long recordBytes = all.values().stream().mapToLong(BlobLocation::recordLength).sum();
        try (BlobReader reader = new BlobReader(index); PackWriter writer = new PackWriter(blobsDir, index);
             ProgressTicker ticker = new ProgressTicker("gc", all.size(), recordBytes, progress)) {
            for (Map.Entry<ContentId, BlobLocation> x : all.entrySet()) {
                if (live.contains(x.getKey())) {
                    writer.copyRecord(reader.readRecord(x.getValue()), x.getValue());
                    kept++;
                } else {
                    dropped++;
                }
                ticker.files.incrementAndGet();
                ticker.bytes.addAndGet(x.getValue().recordLength());
            }
        }
        Quarantine.clear(blobsDir); // its records lie in the old segments, and were not copied
        for (Path p : old.values()) Files.delete(p);
        try (FileChannel dir = FileChannel.open(blobsDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        long after = 0;
        for (Path p : BlobIndex.listSegments(blobsDir)) after += Files.size(p);
        return new GcResult(kept, dropped, before, after);
    }

    /** A catalog's entries; if it cannot be read, an error saying why gc stops and what to do. */
    private static java.util.List<CatalogEntry> readOrExplain(CatalogFiles catalogs, ContentId id) throws IOException {
        try {
            return catalogs.read(id);
        } catch (IOException e) {
            throw new IOException(FileErrors.describe(e) + "; gc stops, since the contents only it refers to would look dead. Remove it with"
                    + " `larder rm " + id + "` (or rm its names; `larder ls` marks it damaged), then run gc again", e);
        }
    }
}
