package dev.larder.store.internal;

import dev.larder.store.ContentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records {@code verify --repair} found damaged, by place and content ({@code blobs/quarantine},
 * one "segment offset id" line each, appended and synced: a place alone could name a new record
 * once gc has deleted the segment and its number is used again). The index skips them, so their contents read
 * as missing rather than corrupt, and the next snapshot of a tree that has one stores it again,
 * in a new record the index then finds. gc copies only what the index holds, so it drops them,
 * and clears the list once the old segments are gone.
 */
public final class Quarantine {
    static final String FILE_NAME = "quarantine";

    /** A damaged record: the content it claims to hold, and where it lies. */
    public record Damaged(ContentId id, BlobLocation location) {}

    private final Set<String> places;

    private Quarantine(Set<String> places) {
        this.places = places;
    }

    /** The list in {@code blobsDir}; empty if there is none. A line that does not parse is ignored. */
    static Quarantine load(Path blobsDir) throws IOException {
        Set<String> places = new HashSet<>();
        try {
            for (String line : Files.readAllLines(blobsDir.resolve(FILE_NAME), StandardCharsets.US_ASCII)) places.add(line.strip());
        } catch (NoSuchFileException e) {
            // nothing quarantined
        }
        return new Quarantine(places);
    }

    boolean holds(ContentId id, BlobLocation location) {
        return !places.isEmpty() && places.contains(place(id, location));
    }

    /** Appends {@code damaged} durably. */
    public static void add(Path blobsDir, List<Damaged> damaged) throws IOException {
        if (damaged.isEmpty()) return;
        StringBuilder lines = new StringBuilder();
        for (Damaged d : damaged) lines.append(place(d.id(), d.location())).append('\n');
        try (FileChannel out = FileChannel.open(blobsDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) out.write(bytes);
            out.force(true);
        }
    }

    /**
     * Forgets every entry: gc calls it before it deletes the old segments, so a crash in between
     * shows the damaged records again (and verify and restore find them again) rather than hide
     * anything new.
     */
    static void clear(Path blobsDir) throws IOException {
        Files.deleteIfExists(blobsDir.resolve(FILE_NAME));
    }

    private static String place(ContentId id, BlobLocation location) {
        return location.segment() + " " + location.offset() + " " + id.hex();
    }
}
