package dev.larder.store;

import dev.larder.store.internal.BlobIndex;
import dev.larder.store.internal.BlobLocation;
import dev.larder.store.internal.BlobReader;
import dev.larder.store.internal.ReadPlan;
import dev.larder.store.internal.CatalogCodec;
import dev.larder.store.internal.CatalogFiles;
import dev.larder.store.internal.GarbageCollector;
import dev.larder.store.internal.Materialized;
import dev.larder.store.internal.PackWriter;
import dev.larder.store.internal.ProgressTicker;
import dev.larder.store.internal.Quarantine;
import dev.larder.store.internal.RawNames;
import dev.larder.store.internal.Restorer;
import dev.larder.store.internal.Snapshotter;
import dev.larder.store.internal.StoreLock;
import dev.larder.store.internal.StorePlacement;
import dev.larder.store.internal.TreeDiff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A content store on disk: deduplicated, compressed blobs in pack segments plus catalogs of
 * directory trees. Layout under the root: {@code blobs/seg-NNNNNN.pack}, {@code catalogs/<id>},
 * {@code names/<name>}, {@code lock}. See docs/store.md.
 *
 * <p>Concurrency: each operation takes the store lock for its duration — exclusive for
 * snapshot, gc and remove, shared for restore, verify and list — so separate processes can use
 * one store safely. One instance per store per process (the JVM forbids overlapping locks).
 */
public final class ContentStore {
    /** Default store location when no --store is given: $LARDER_STORE, else $HOME/.larder/store (user.home if HOME is unset). */
    public static Path defaultRoot() {
        String env = System.getenv("LARDER_STORE");
        if (env != null && !env.isEmpty()) return Path.of(env);
        String home = System.getenv("HOME"); // as a shell's ~, not the passwd entry that user.home comes from
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".larder", "store");
    }

    private final Path root;
    private final Path blobs;
    private final CatalogFiles catalogs;

    private ContentStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.catalogs = new CatalogFiles(root);
    }

    /** The directories every store has; the lock file is made by the first operation. */
    private static final List<String> DIRECTORIES = List.of("blobs", "catalogs", "names");

    /** Throws IllegalArgumentException, saying what a name may hold, if {@code name} cannot name a snapshot. */
    public static void checkName(String name) {
        CatalogFiles.checkName(name);
    }

    /** Opens (creating if absent) the store at {@code root}: for snapshots, the one operation that may make a store. */
    public static ContentStore open(Path root) throws IOException {
        for (String dir : DIRECTORIES) Files.createDirectories(root.resolve(dir));
        return new ContentStore(root);
    }

    /** Opens the store at {@code root}, which must exist; creates nothing. */
    public static ContentStore openExisting(Path root) throws IOException {
        for (String dir : DIRECTORIES) {
            if (!Files.isDirectory(root.resolve(dir))) throw new IOException("no store at " + root + " (`larder snapshot` makes one)");
        }
        return new ContentStore(root);
    }

    public Path root() {
        return root;
    }

    /**
     * Snapshots {@code dir}; with a name, reuses hashes from that name's last catalog and moves the
     * name. A store inside {@code dir} is left out of the catalog (and said so in the warnings).
     */
    public SnapshotResult snapshot(Path dir, String name, boolean rehash, Consumer<Progress> progress) throws IOException {
        if (name != null) checkName(name);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a directory");
        try (StoreLock _ = lock(true)) {
            List<String> warnings = new ArrayList<>();
            String storeBelow = StorePlacement.storeBelow(root, dir);
            if (storeBelow != null) warnings.add(RawNames.printable(storeBelow) + ": the store itself; not in the snapshot");
            BlobIndex index = BlobIndex.load(blobs);
            List<CatalogEntry> previous = null;
            ContentId prev = name == null ? null : catalogs.nameTarget(name);
            if (prev != null) previous = previousOrNull(prev, name, warnings);
            Snapshotter.Built built;
            try (PackWriter writer = new PackWriter(blobs, index)) {
                built = new Snapshotter(writer, index).snapshot(dir, storeBelow, previous, rehash, progress);
            }
            ContentId id = catalogs.write(built.entries(), built.root());
            if (name != null && !id.equals(prev)) catalogs.setName(name, id); // an unchanged tree's name already points there
            SnapshotResult r = built.partial();
            return new SnapshotResult(id, r.files(), r.directories(), r.symlinks(), r.bytes(), r.newBytes(), r.storedBytes(),
                    r.reusedFiles(), r.elapsedMs(), r.changedWhileReading(), r.skipped(), r.specialFiles(), List.copyOf(warnings));
        }
    }

    /** The name's last catalog, or null with a warning if it cannot be read: then every file is read again. */
    private List<CatalogEntry> previousOrNull(ContentId prev, String name, List<String> warnings) {
        try {
            return catalogs.read(prev);
        } catch (IOException e) {
            warnings.add(name + "'s previous snapshot cannot be used (" + FileErrors.describe(e) + "); every file was read again");
            return null;
        }
    }

    /** Makes {@code target} equal to the catalog {@code ref} (id, unique prefix or name). */
    public RestoreResult restore(String ref, Path target, boolean sync, Consumer<Progress> progress) throws IOException {
        return restore(ref, target, sync, false, progress);
    }

    /**
     * As {@link #restore(String, Path, boolean, Consumer)}; {@code link} hardlinks non-empty files to
     * read-only copies kept in the store's {@code materialized} directory instead of writing them:
     * the packs are never linked, and a copy found changed is rebuilt before it is linked again.
     */
    public RestoreResult restore(String ref, Path target, boolean sync, boolean link, Consumer<Progress> progress) throws IOException {
        StorePlacement.refuseTarget(root, target);
        try (StoreLock _ = lock(false)) {
            CatalogCodec.Decoded catalog = catalogs.readWithRoot(catalogs.resolve(ref));
            try (BlobReader reader = new BlobReader(() -> BlobIndex.load(blobs))) {
                return new Restorer(reader, link ? new Materialized(root) : null, root).restore(catalog, target, sync, progress);
            }
        }
    }

    /** How {@code target} differs from the catalog {@code ref}; changes nothing. */
    public DiffResult diff(String ref, Path target) throws IOException {
        return diff(ref, target, false);
    }

    /** As {@link #diff(String, Path)}; {@code linked} compares with what {@code restore --link} leaves (no write bits on linked files). */
    public DiffResult diff(String ref, Path target, boolean linked) throws IOException {
        try (StoreLock _ = lock(false)) {
            return TreeDiff.diff(catalogs.read(catalogs.resolve(ref)), target, linked);
        }
    }

    /** The entries of a catalog, as stored (not yet checked for safety). */
    public List<CatalogEntry> entries(String ref) throws IOException {
        try (StoreLock _ = lock(false)) {
            return catalogs.read(catalogs.resolve(ref));
        }
    }

    public List<CatalogInfo> list() throws IOException {
        try (StoreLock _ = lock(false)) {
            List<CatalogInfo> out = new ArrayList<>();
            for (ContentId id : catalogs.ids()) {
                out.add(info(id));
            }
            out.sort((a, b) -> a.created().compareTo(b.created()));
            return out;
        }
    }

    /** One catalog's line; a catalog that cannot be read is listed as damaged, so it can be removed. */
    private CatalogInfo info(ContentId id) throws IOException {
        List<String> names = catalogs.namesOf(id);
        Instant created = Files.getLastModifiedTime(catalogs.file(id)).toInstant();
        List<CatalogEntry> entries;
        try {
            entries = catalogs.read(id);
        } catch (IOException e) {
            return new CatalogInfo(id, names, 0, 0, created, FileErrors.describe(e));
        }
        long bytes = entries.stream().mapToLong(e -> e.kind() == EntryKind.FILE ? e.size() : 0).sum();
        return new CatalogInfo(id, names, entries.size(), bytes, created, null);
    }

    /** Re-hashes every blob and reads every catalog; reports what is corrupt or missing. */
    public VerifyResult verify(Consumer<Progress> progress) throws IOException {
        return verify(progress, false);
    }

    /**
     * As {@link #verify(Consumer)}; {@code repair} also quarantines every record whose content
     * failed its checksum or hash (see {@link Quarantine}): restores then report those contents
     * missing instead of corrupt, the next snapshot of a tree that has one stores it again, and
     * gc drops the damaged records. A read that fails outright quarantines nothing.
     */
    public VerifyResult verify(Consumer<Progress> progress, boolean repair) throws IOException {
        try (StoreLock _ = lock(repair)) {
            BlobIndex index = BlobIndex.load(blobs);
            List<String> corrupt = new ArrayList<>();
            List<Quarantine.Damaged> damaged = new ArrayList<>();
            long count = 0, bytes = 0;
            long totalBytes = index.all().values().stream().mapToLong(BlobLocation::rawLength).sum();
            try (BlobReader reader = new BlobReader(index);
                 ProgressTicker ticker = new ProgressTicker("verify", index.all().size(), totalBytes, progress)) {
                for (ReadPlan.Span<ContentId> span : ReadPlan.of(index.all().keySet(), index::get)) {
                    BlobReader.SpanContents contents = readOrNull(reader, span, corrupt);
                    for (ReadPlan.Placed<ContentId> p : span.items()) {
                        String problem = contents == null ? null : rehash(contents, p.item(), p.location());
                        if (problem != null) {
                            corrupt.add(problem);
                            damaged.add(new Quarantine.Damaged(p.item(), p.location()));
                        }
                        ticker.files.set(++count);
                        ticker.bytes.set(bytes += p.location().rawLength());
                    }
                }
            }
            checkMaterialized(index, corrupt);
            for (ContentId id : catalogs.ids()) {
                try {
                    for (CatalogEntry e : catalogs.read(id)) {
                        if (e.contentId() != null && !index.contains(e.contentId())) {
                            corrupt.add("catalog " + id + ": " + RawNames.printable(e.pathString()) + " needs missing content " + e.contentId());
                        }
                    }
                } catch (IOException e) {
                    corrupt.add(FileErrors.describe(e));
                }
            }
            if (repair) Quarantine.add(blobs, damaged);
            return new VerifyResult(count, bytes, corrupt, repair ? damaged.size() : 0);
        }
    }

    /** Re-hashes every materialised copy; a changed one is reported and deleted (the next --link rebuilds it). */
    private void checkMaterialized(BlobIndex index, List<String> corrupt) throws IOException {
        new Materialized(root).forEach(copy -> {
            ContentId id = Materialized.contentOf(copy);
            MessageDigest digest = ContentId.sha256();
            try (InputStream in = Files.newInputStream(copy)) {
                byte[] buf = new byte[1 << 20];
                for (int r; (r = in.read(buf)) > 0; ) digest.update(buf, 0, r);
            }
            if (id == null || !ContentId.of(digest).equals(id) || !index.contains(id)) {
                corrupt.add("materialized copy " + copy.getFileName() + " differs from its content; removed, the next --link rebuilds it");
                Files.deleteIfExists(copy);
            }
        });
    }

    /** A span's contents, or null with every record in it reported if the span cannot be read. */
    private static BlobReader.SpanContents readOrNull(BlobReader reader, ReadPlan.Span<ContentId> span, List<String> corrupt) {
        try {
            return reader.read(span);
        } catch (IOException | RuntimeException e) {
            for (ReadPlan.Placed<ContentId> p : span.items()) {
                corrupt.add("content " + p.item() + " (segment " + span.segment() + " offset " + p.location().offset() + "): " + FileErrors.describe(e));
            }
            return null;
        }
    }

    private static String rehash(BlobReader.SpanContents contents, ContentId id, BlobLocation loc) {
        MessageDigest digest = ContentId.sha256();
        long n = 0;
        try (InputStream in = contents.open(id, loc)) {
            byte[] buf = new byte[1 << 20];
            for (int r; (r = in.read(buf)) > 0; n += r) digest.update(buf, 0, r);
        } catch (IOException | RuntimeException e) {
            return "content " + id + " (segment " + loc.segment() + " offset " + loc.offset() + "): " + FileErrors.describe(e);
        }
        if (!ContentId.of(digest).equals(id) || n != loc.rawLength()) {
            return "content " + id + " (segment " + loc.segment() + " offset " + loc.offset() + "): hash mismatch";
        }
        return null;
    }

    /** Drops contents no catalog references, and their materialised copies. */
    public GcResult gc() throws IOException {
        return gc(null);
    }

    /** As {@link #gc()}, reporting blobs and bytes gone through to {@code progress} (may be null). */
    public GcResult gc(Consumer<Progress> progress) throws IOException {
        try (StoreLock _ = lock(true)) {
            GcResult result = GarbageCollector.collect(blobs, BlobIndex.load(blobs), catalogs, progress);
            new Materialized(root).prune(BlobIndex.load(blobs).all().keySet());
            return result;
        }
    }

    /**
     * Removes a name, or a catalog. A name goes alone; its catalog goes with it only if no other
     * name refers to it (names of one unchanged tree share one catalog). A catalog given by id or
     * prefix is refused while names refer to it, and the message names them. Contents go at the
     * next gc.
     */
    public RemoveResult remove(String ref) throws IOException {
        try (StoreLock _ = lock(true)) {
            if (catalogs.isName(ref)) {
                ContentId id = catalogs.nameTarget(ref);
                catalogs.removeName(ref);
                List<String> left = catalogs.namesOf(id);
                return new RemoveResult(id, List.of(ref), left.isEmpty() && catalogs.removeCatalog(id), left);
            }
            ContentId id = catalogs.resolve(ref);
            List<String> names = catalogs.namesOf(id);
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("catalog " + id + " is still named " + String.join(", ", names)
                        + "; rm those names instead (the catalog goes with the last of them)");
            }
            if (!catalogs.removeCatalog(id)) throw new IllegalArgumentException("catalog " + id + " does not exist");
            return new RemoveResult(id, List.of(), true, List.of());
        }
    }

    private StoreLock lock(boolean exclusive) throws IOException {
        return StoreLock.acquire(root.resolve("lock"), exclusive);
    }
}
