package dev.larder.store.internal;

import dev.larder.store.ContentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Content id to record location, rebuilt from the segments' headers at open (header reads
 * only, no bodies), so there is no separate index file to get out of step. The first record of
 * an id wins; later duplicates (from an interrupted gc, or a content stored again after its first
 * record was quarantined) are ignored.
 */
public final class BlobIndex {
    private final Map<ContentId, BlobLocation> locations = new ConcurrentHashMap<>();
    private final TreeMap<Integer, Path> segments = new TreeMap<>();

    /** Every segment's records but those {@link Quarantine} lists. */
    public static BlobIndex load(Path blobsDir) throws IOException {
        BlobIndex index = new BlobIndex();
        Quarantine quarantine = Quarantine.load(blobsDir);
        for (Path file : listSegments(blobsDir)) {
            int number = PackDescriptor.segmentNumber(file.getFileName().toString());
            index.segments.put(number, file);
            PackScanner.scan(file, number, (id, location) -> {
                if (!quarantine.holds(id, location)) index.putIfAbsent(id, location);
            });
        }
        return index;
    }

    static List<Path> listSegments(Path blobsDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(blobsDir)) {
            files.filter(f -> PackDescriptor.segmentNumber(f.getFileName().toString()) >= 0).forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    public void putIfAbsent(ContentId id, BlobLocation location) {
        locations.putIfAbsent(id, location);
    }

    public BlobLocation get(ContentId id) {
        return locations.get(id);
    }

    public boolean contains(ContentId id) {
        return locations.containsKey(id);
    }

    public Map<ContentId, BlobLocation> all() {
        return locations;
    }

    public synchronized void addSegment(int number, Path file) {
        segments.put(number, file);
    }

    public synchronized Map<Integer, Path> segments() {
        return new TreeMap<>(segments);
    }

    public synchronized int highestSegment() {
        return segments.isEmpty() ? 0 : segments.lastKey();
    }
}
