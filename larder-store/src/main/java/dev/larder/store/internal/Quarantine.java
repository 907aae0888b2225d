package dev.larder.store.internal;

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
 * Records {@code verify --repair} found damaged, by place ({@code blobs/quarantine}, one
 * "segment offset" line each, appended and synced). The index skips them, so their contents read
 * as missing rather than corrupt, and the next snapshot of a tree that has one stores it again,
 * in a new record the index then finds. gc copies only what the index holds, so it drops them,
 * and clears the list once the old segments are gone.
 */
public final class Quarantine {
    static final String FILE_NAME = "quarantine";

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

    boolean holds(BlobLocation location) {
        return !places.isEmpty() && places.contains(place(location));
    }

    /** Appends {@code damaged} durably. */
    public static void add(Path blobsDir, List<BlobLocation> damaged) throws IOException {
        if (damaged.isEmpty()) return;
        StringBuilder lines = new StringBuilder();
        for (BlobLocation location : damaged) lines.append(place(location)).append('\n');
        try (FileChannel out = FileChannel.open(blobsDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) out.write(bytes);
            out.force(true);
        }
    }

    /** Forgets every entry: called once the segments they named are deleted. */
    static void clear(Path blobsDir) throws IOException {
        Files.deleteIfExists(blobsDir.resolve(FILE_NAME));
    }

    private static String place(BlobLocation location) {
        return location.segment() + " " + location.offset();
    }
}
