package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The {@code catalogs/} and {@code names/} directories: durable publish, lookup by id, prefix or name. */
public final class CatalogFiles {
    private final Path catalogsDir;
    private final Path namesDir;

    public CatalogFiles(Path root) {
        this.catalogsDir = root.resolve("catalogs");
        this.namesDir = root.resolve("names");
    }

    /**
     * Writes a catalog durably (temp, fsync, rename) and returns its id. A catalog already there
     * with the same bytes (a snapshot of an unchanged tree) is left as it is: it was made durable
     * when it was written.
     */
    public ContentId write(List<CatalogEntry> entries, CatalogCodec.Root root) throws IOException {
        byte[] data = CatalogCodec.encode(entries, root);
        ContentId id = ContentId.hash(data, 0, data.length);
        Path file = catalogsDir.resolve(id.hex());
        if (!holds(file, data)) publish(file, data);
        return id;
    }

    private static boolean holds(Path file, byte[] data) throws IOException {
        try {
            return Files.size(file) == data.length && Arrays.equals(Files.readAllBytes(file), data);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    public void setName(String name, ContentId id) throws IOException {
        checkName(name);
        publish(namesDir.resolve(name), (id.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public List<CatalogEntry> read(ContentId id) throws IOException {
        return readWithRoot(id).entries();
    }

    /** The catalog with its root's attributes (null root: a version 1 catalog). */
    public CatalogCodec.Decoded readWithRoot(ContentId id) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(catalogsDir.resolve(id.hex()));
        } catch (NoSuchFileException e) {
            throw new IOException("catalog " + id + " does not exist (see `larder ls`)");
        }
        ContentId actual = ContentId.hash(data, 0, data.length);
        CatalogCodec.Decoded catalog = CatalogCodec.decode(data, id.hex());
        if (!actual.equals(id)) throw new IOException("catalog " + id + " is corrupt (its hash is " + actual + ")");
        return catalog;
    }

    /** Resolves a full id, a unique id prefix (4+ hex digits) or a snapshot name. */
    public ContentId resolve(String ref) throws IOException {
        if (isFullId(ref)) return ContentId.parse(ref);
        if (isName(ref)) return nameTarget(ref);
        if (ref.matches("[0-9a-f]{4,63}")) {
            List<ContentId> matches = ids().stream().filter(id -> id.hex().startsWith(ref)).toList();
            if (matches.size() == 1) return matches.getFirst();
            if (matches.size() > 1) throw new IllegalArgumentException("catalog prefix " + ref + " is ambiguous; give more digits");
        }
        throw new IllegalArgumentException("no catalog or name '" + ref + "' in this store (see `larder ls`)");
    }

    /** True if {@code ref} is a snapshot name here (a full id is always an id, as in {@link #resolve}). */
    public boolean isName(String ref) {
        return !isFullId(ref) && !ref.contains("/") && !ref.startsWith(".") && Files.isRegularFile(namesDir.resolve(ref));
    }

    public ContentId nameTarget(String name) throws IOException {
        Path file = namesDir.resolve(name);
        if (!Files.isRegularFile(file)) return null;
        return ContentId.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    public List<String> names() throws IOException {
        return list(namesDir).stream().map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }

    public List<ContentId> ids() throws IOException {
        List<ContentId> out = new ArrayList<>();
        for (Path p : list(catalogsDir)) {
            String n = p.getFileName().toString();
            if (isFullId(n)) out.add(ContentId.parse(n));
        }
        return out;
    }

    public Path file(ContentId id) {
        return catalogsDir.resolve(id.hex());
    }

    /** The names that refer to {@code id}, sorted. */
    public List<String> namesOf(ContentId id) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : names()) if (id.equals(nameTarget(name))) out.add(name);
        return out;
    }

    public void removeName(String name) throws IOException {
        checkName(name);
        Files.deleteIfExists(namesDir.resolve(name));
    }

    /** Deletes a catalog file (names are the caller's business); false if it did not exist. */
    public boolean removeCatalog(ContentId id) throws IOException {
        return Files.deleteIfExists(catalogsDir.resolve(id.hex()));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** True for a catalog id written out whole: 64 lower-case hex digits. */
    private static boolean isFullId(String s) {
        return s.length() == 2 * ContentId.LENGTH_BYTES && s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    public static void checkName(String name) {
        if (name.isEmpty() || name.startsWith(".") || !name.matches("[A-Za-z0-9._@+-]+")) {
            throw new IllegalArgumentException("snapshot name '" + name + "' must be letters, digits and ._@+- and not start with '.'");
        }
        if (isFullId(name)) { // restore and rm would take it for the catalog id it looks like
            throw new IllegalArgumentException("snapshot name '" + name + "' looks like a catalog id; choose another");
        }
    }

    private static void publish(Path dest, byte[] data) throws IOException {
        Path tmp = dest.resolveSibling("." + dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            IOException failed = PackWriter.failedWrite(dest, e);
            try {
                Files.deleteIfExists(tmp); // a full disk leaves no half-written temp behind
            } catch (IOException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        try (FileChannel dir = FileChannel.open(dest.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
