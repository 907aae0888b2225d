package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import dev.larder.store.Progress;
import dev.larder.store.SnapshotResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Builds a catalog of a tree and stores new contents. Files are hashed by a pool of one thread
 * per core; a file is read once if small (hash and compress the same bytes), twice if large
 * (hash, then stream-compress only if the store lacks it). Size and mtime are read before and
 * after to catch files that change under us.
 *
 * <p>Racy files (git's word): a file whose mtime is within {@link #RACY_WINDOW_NS} of the moment
 * it was read may be written again within the same timestamp tick, after our read, leaving size
 * and mtime as they were; the next snapshot would then reuse a stale hash. Such files are read
 * again once the window has passed (one wait for all of them, at the end): after that, any write
 * gives them a later mtime. One whose content differs under the same size and mtime is stored
 * again as it is now, the content those now stand for, and reported as changed.
 */
public final class Snapshotter {
    /** Files up to this size are read whole into memory. Default: 4 MiB (bounds memory to cores x 4 MiB). */
    static final long SMALL_FILE_BYTES = 4L << 20;
    /**
     * How recent an mtime makes a file racy. Default: 50 ms, several kernel ticks (mtimes come from
     * a clock that advances once a tick, 4–10 ms); 2 s for an mtime on a whole second, as
     * filesystems with coarse timestamps (FAT's 2 s) write them.
     */
    static final long RACY_WINDOW_NS = 50_000_000L;
    static final long COARSE_RACY_WINDOW_NS = 2_000_000_000L;

    /** A file read while its mtime was recent, with the content id that read gave. */
    private record Racy(TreeScanner.Scanned scanned, ContentId id) {}

    private final PackWriter writer;
    private final BlobIndex index;
    private final AtomicLong newBytes = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private final List<String> changed = Collections.synchronizedList(new ArrayList<>());
    private final List<Racy> racy = Collections.synchronizedList(new ArrayList<>());
    private final long racyWindowNs;

    public Snapshotter(PackWriter writer, BlobIndex index) {
        this(writer, index, RACY_WINDOW_NS);
    }

    /** With another racy window (tests make it wide enough to write inside it on purpose). */
    Snapshotter(PackWriter writer, BlobIndex index, long racyWindowNs) {
        this.writer = writer;
        this.index = index;
        this.racyWindowNs = racyWindowNs;
    }

    public record Built(List<CatalogEntry> entries, CatalogCodec.Root root, SnapshotResult partial) {}

    /** Snapshots {@code root} without the entry named {@code excluded} (the store's own directory; null for none). */
    public Built snapshot(Path root, String excluded, List<CatalogEntry> previous, boolean rehash, Consumer<Progress> progress) throws IOException {
        long startNs = System.nanoTime();
        try (LongPaths paths = LongPaths.open()) {
            return snapshot(TreeScanner.scan(root, paths, excluded), startNs, previous, rehash, progress);
        }
    }

    /** Reads and stores what {@code scan} found; entries gone or unreadable since are skipped and reported. */
    Built snapshot(TreeScanner scan, long startNs, List<CatalogEntry> previous, boolean rehash, Consumer<Progress> progress) throws IOException {
        List<String> skipped = Collections.synchronizedList(new ArrayList<>(scan.skipped));
        Map<String, CatalogEntry> prior = HashMap.newHashMap(previous == null || rehash ? 0 : previous.size());
        if (previous != null && !rehash) for (CatalogEntry e : previous) prior.put(e.pathString(), e);
        long totalBytes = scan.entries.stream().mapToLong(TreeScanner.Scanned::size).sum();
        CatalogEntry[] entries = new CatalogEntry[scan.entries.size()];
        int[] toRead = new int[entries.length];
        int readCount = 0;
        long reused = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads);
             ProgressTicker ticker = new ProgressTicker("snapshot", scan.entries.size(), totalBytes, progress)) {
            for (int i = 0; i < entries.length; i++) {
                TreeScanner.Scanned s = scan.entries.get(i);
                CatalogEntry old = prior.get(s.relative());
                boolean reuse = s.kind() == EntryKind.FILE && unchanged(old, s);
                if (reuse || s.kind() != EntryKind.FILE) {
                    // Nothing to read but a symlink target: a pool handoff would cost more than the work.
                    if (reuse) reused++;
                    entries[i] = reuse ? reused(s, old) : describeOrSkip(s, skipped, null);
                    ticker.files.incrementAndGet();
                    ticker.bytes.addAndGet(s.size());
                } else {
                    toRead[readCount++] = i;
                }
            }
            // One task per core, each taking the next file in catalog order until none are left:
            // a task per file cost two futex calls per file, a fifth of the kernel's time here.
            AtomicInteger next = new AtomicInteger();
            int count = readCount;
            Callable<Void> reader = () -> {
                try (SmallFileRead files = SmallFileRead.open()) {
                    for (int k; (k = next.getAndIncrement()) < count; ) {
                        TreeScanner.Scanned s = scan.entries.get(toRead[k]);
                        try {
                            entries[toRead[k]] = describeOrSkip(s, skipped, files);
                        } catch (IOException | RuntimeException e) {
                            next.set(count); // the snapshot fails: the other readers stop too
                            throw e;
                        }
                        ticker.files.incrementAndGet();
                        ticker.bytes.addAndGet(s.size());
                    }
                }
                return null;
            };
            List<Future<Void>> readers = new ArrayList<>();
            for (int t = 0; t < Math.min(threads, count); t++) readers.add(pool.submit(reader));
            for (Future<Void> f : readers) Await.get(f); // also makes the readers' entries visible here
            readRacyAgain(scan, entries, skipped);
            writer.sync();
        }
        List<CatalogEntry> kept = new ArrayList<>(entries.length);
        long files = 0, dirs = 0, links = 0, bytes = 0;
        for (CatalogEntry e : entries) {
            if (e == null) continue; // skipped
            kept.add(e);
            switch (e.kind()) {
                case DIRECTORY -> dirs++;
                case SYMLINK -> links++;
                case FILE -> {
                    files++;
                    bytes += e.size();
                }
            }
        }
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        return new Built(kept, scan.root, new SnapshotResult(null, files, dirs, links, bytes, newBytes.get(),
                storedBytes.get(), reused, elapsedMs, List.copyOf(new LinkedHashSet<>(changed)), List.copyOf(skipped), List.copyOf(scan.specialFiles), List.of()));
    }

    /**
     * The entry, or null if it vanished or became unreadable since the scan: as tar does, that is
     * reported and the rest of the tree is still stored. Any other I/O error fails the snapshot.
     */
    private CatalogEntry describeOrSkip(TreeScanner.Scanned s, List<String> skipped, SmallFileRead files) throws IOException {
        try {
            return describe(s, files);
        } catch (NoSuchFileException e) {
            skipped.add(RawNames.printable(s.relative()) + ": removed before it was read; not in the snapshot");
        } catch (AccessDeniedException e) {
            skipped.add(RawNames.printable(s.relative()) + ": unreadable (permission denied); not in the snapshot");
        }
        return null;
    }

    private boolean unchanged(CatalogEntry old, TreeScanner.Scanned s) {
        return old != null && old.kind() == EntryKind.FILE && old.size() == s.size() && old.mtimeNs() == s.mtimeNs()
                && old.inode() == s.inode() && old.device() == s.device() && index.contains(old.contentId());
    }

    /** {@code files} reads a file's content; only files need it. */
    private CatalogEntry describe(TreeScanner.Scanned s, SmallFileRead files) throws IOException {
        return switch (s.kind()) {
            case DIRECTORY -> entry(s, null, null);
            case SYMLINK -> entry(s, null, RawNames.bytes(Files.readSymbolicLink(s.file())));
            case FILE -> storeFile(s, files);
        };
    }

    private CatalogEntry storeFile(TreeScanner.Scanned s, SmallFileRead files) throws IOException {
        ContentId id;
        long size;
        EntryStat after;
        if (s.size() <= SMALL_FILE_BYTES) {
            SmallFileRead.Read read = files.read(s.file(), s.size());
            byte[] data = read.data();
            after = read.after();
            id = ContentId.hash(data, 0, data.length);
            size = data.length;
            long stored = writer.putIfAbsent(id, data);
            if (stored > 0) {
                newBytes.addAndGet(data.length);
                storedBytes.addAndGet(stored);
            }
        } else {
            id = hashStream(s.file());
            size = s.size();
            if (!index.contains(id)) {
                try (InputStream in = Files.newInputStream(s.file(), LinkOption.NOFOLLOW_LINKS)) {
                    PackWriter.StreamedBlob blob = writer.putStream(in);
                    id = blob.id();
                    size = blob.rawLength();
                    newBytes.addAndGet(blob.storedLength() > 0 ? blob.rawLength() : 0);
                    storedBytes.addAndGet(blob.storedLength());
                }
            }
            after = EntryStat.lstat(s.file());
        }
        if (after.size() != s.size() || after.mtimeNs() != s.mtimeNs() || size != s.size()) changed.add(RawNames.printable(s.relative()));
        else if (isRacy(s.mtimeNs())) racy.add(new Racy(s, id));
        return new CatalogEntry(RawNames.encode(s.relative()), EntryKind.FILE.code, s.mode(), size,
                s.mtimeNs(), s.inode(), s.device(), id, null);
    }

    /** See the class note: waits until every racy file's window is over, then reads each again. */
    private void readRacyAgain(TreeScanner scan, CatalogEntry[] entries, List<String> skipped) throws IOException {
        if (racy.isEmpty()) return;
        long untilNs = 0;
        for (Racy r : racy) untilNs = Math.max(untilNs, r.scanned().mtimeNs() + windowNs(r.scanned().mtimeNs()));
        for (long waitNs; (waitNs = untilNs - nowNs()) > 0; ) {
            try {
                Thread.sleep(Duration.ofNanos(waitNs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to read recently changed files again");
            }
        }
        Map<String, Integer> slots = HashMap.newHashMap(entries.length);
        for (int i = 0; i < entries.length; i++) slots.put(scan.entries.get(i).relative(), i);
        try (SmallFileRead files = SmallFileRead.open()) {
            for (Racy r : List.copyOf(racy)) {
                TreeScanner.Scanned s = r.scanned();
                int slot = slots.get(s.relative());
                try {
                    EntryStat now = EntryStat.lstat(s.file());
                    if (now.size() != s.size() || now.mtimeNs() != s.mtimeNs()) {
                        changed.add(RawNames.printable(s.relative())); // written after its tick: the next snapshot reads it again
                    } else if (!hashStream(s.file()).equals(r.id())) {
                        changed.add(RawNames.printable(s.relative()));
                        entries[slot] = storeFile(s, files); // what this size and mtime stand for now
                    }
                } catch (NoSuchFileException | AccessDeniedException e) {
                    entries[slot] = null;
                    skipped.add(RawNames.printable(s.relative()) + ": changed while read, then gone or unreadable; not in the snapshot");
                }
            }
        }
    }

    /** True if {@code mtimeNs} lies within its window of now, on either side. */
    private boolean isRacy(long mtimeNs) {
        return Math.abs(nowNs() - mtimeNs) < windowNs(mtimeNs);
    }

    private long windowNs(long mtimeNs) {
        return mtimeNs % 1_000_000_000L == 0 ? Math.max(racyWindowNs, COARSE_RACY_WINDOW_NS) : racyWindowNs;
    }

    private static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static ContentId hashStream(Path file) throws IOException {
        MessageDigest digest = ContentId.sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) digest.update(buf, 0, n);
        }
        return ContentId.of(digest);
    }

    /** An unchanged file: the previous entry's content, and its path bytes (the same name), with what the scan read. */
    private static CatalogEntry reused(TreeScanner.Scanned s, CatalogEntry old) {
        return new CatalogEntry(old.path(), EntryKind.FILE.code, s.mode(), s.size(), s.mtimeNs(), s.inode(), s.device(), old.contentId(), null);
    }

    private static CatalogEntry entry(TreeScanner.Scanned s, ContentId id, byte[] target) {
        return new CatalogEntry(RawNames.encode(s.relative()), s.kind().code, s.mode(), s.size(),
                s.mtimeNs(), s.inode(), s.device(), id, target);
    }
}
