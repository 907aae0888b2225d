package dev.larder.store.internal;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import dev.larder.store.FileErrors;
import dev.larder.store.Progress;
import dev.larder.store.RestoreResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Makes a target directory equal to a catalog. Order: remove extras and kind changes (children
 * first); create directories (parents first) while a pool writes files in storage order, each
 * once its parent is made ({@link DirectoryGate}); create symlinks; link files; then set
 * directory modes and mtimes last, since writing changes them (on every core; a mode without
 * its owner's search bit after the directories below it); then sync. Every path acted on comes from {@link RestorePolicy} (names proven to stay inside
 * the target) or from a no-follow walk of the target; a file is created exclusively (at its name
 * when the target had nothing there, else at a fresh temp name renamed over the old entry), so it
 * is never written through a symlink, and gets the catalog's mtime only once its content is
 * complete and verified, so a partial file never looks restored. Hashing while writing is
 * unconditional.
 *
 * <p>With {@link Materialized} copies ({@code restore --link}), each non-empty file becomes a
 * hardlink to a read-only copy in the store (made first, hashed like any file); empty files are
 * written, never linked together. Where the target is on another filesystem, files are copied.
 */
public final class Restorer {
    private static final Set<OpenOption> CREATE_NEW_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private final BlobReader reader;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<Path> toSync = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong filesWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong filesLinked = new AtomicLong();
    private long symlinksUnchanged; // by the restore's own thread
    private final Materialized materialized;
    private final Path storeRoot;
    /** Reaches the target's paths beyond PATH_MAX; open while {@link #restore} runs. */
    private LongPaths paths = LongPaths.NONE;
    /** Set before anything in the target is created, removed or chmodded; until then the walk's view of it holds. */
    private volatile boolean targetChanged;

    /**
     * {@code materialized} null: write every file; else link files to its copies. {@code storeRoot}:
     * the store restored from, which the target may neither hold nor lie in (null: not checked).
     */
    public Restorer(BlobReader reader, Materialized materialized, Path storeRoot) {
        this.reader = reader;
        this.materialized = materialized;
        this.storeRoot = storeRoot;
    }

    public RestoreResult restore(CatalogCodec.Decoded catalog, Path targetArg, boolean sync, Consumer<Progress> progress) throws IOException {
        try (LongPaths opened = LongPaths.open()) {
            paths = opened;
            return restoreWith(catalog, targetArg, sync, progress);
        }
    }

    private RestoreResult restoreWith(CatalogCodec.Decoded catalog, Path targetArg, boolean sync, Consumer<Progress> progress) throws IOException {
        long startNs = System.nanoTime();
        RestorePolicy policy = RestorePolicy.apply(catalog.entries());
        TargetState.requireDirectoryOrAbsent(targetArg);
        Files.createDirectories(targetArg);
        Path target = targetArg.toRealPath();
        if (storeRoot != null) StorePlacement.refuseRealTarget(storeRoot, target, targetArg);
        TargetState existing = TargetState.scan(target, paths, catalog.entries().size());
        int rootModeBefore = makeRootWritable(target);
        makeDirectoriesWritable(target, existing);
        long removed = removeStale(target, existing, policy.accepted);
        if (removed > 0) targetChanged = true;
        HardlinkGroups links = HardlinkGroups.of(policy.accepted.values());
        Work work = Work.of(policy.accepted, existing, links, materialized != null);
        long unchanged = work.unchangedFiles;
        Predicate<CatalogEntry> absent = e -> !existing.entries.containsKey(e.pathString());
        if (!work.files.isEmpty()) targetChanged = true;
        // With no file to write (a no-op restore), nothing waits: no map of every directory's place.
        DirectoryGate gate = new DirectoryGate(work.files.isEmpty() ? List.of() : work.dirs.stream().map(Map.Entry::getKey).toList());
        // The files are written while their directories are made: made first, one after the
        // other, they kept a core idle for 9,544 mkdirs of the deps tree (design decision 47).
        writeFiles(work.files, e -> at(target, e.pathString()), CatalogEntry::mode, absent, gate, () -> {
            makeDirectories(target, work.dirs, existing, gate);
            for (CatalogEntry link : work.symlinks) restoreSymlink(target, link, existing);
        }, "restore", progress);
        unchanged += symlinksUnchanged;
        if (!work.linked.isEmpty()) unchanged += linkFiles(target, work.linked, absent, progress);
        for (CatalogEntry f : work.followers) if (linkToLeader(target, f, links.leaderOf(f))) unchanged++;
        finishDirectories(target, work.dirs, existing);
        if (catalog.root() != null) finishRoot(target, catalog.root());
        else if (rootModeBefore >= 0) putBackRootMode(target, rootModeBefore); // a version 1 catalog: the target keeps its own
        if (sync) syncAll(target);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        return new RestoreResult(filesWritten.get(), bytesWritten.get(), filesLinked.get(), unchanged, removed, reader.positionalReads(), elapsedMs,
                List.copyOf(policy.refused), List.copyOf(errors));
    }

    /**
     * What a restore has to do, decided before it changes anything: directories in the policy's
     * order (a depth at a time, each with its decoded name), the files to write, link or hardlink
     * to their group's leader, the symlinks to check or make, and how many files already match.
     * Made in name order instead, each directory nearer its files in storage order, the deps
     * tree's full restore took a third more system time (docs/performance.md).
     */
    private record Work(List<Map.Entry<String, CatalogEntry>> dirs, List<CatalogEntry> files, List<CatalogEntry> linked,
                        List<CatalogEntry> followers, List<CatalogEntry> symlinks, long unchangedFiles) {
        static Work of(Map<String, CatalogEntry> accepted, TargetState existing, HardlinkGroups links, boolean linking) {
            List<Map.Entry<String, CatalogEntry>> dirs = new ArrayList<>();
            List<CatalogEntry> files = new ArrayList<>(), linked = new ArrayList<>(), followers = new ArrayList<>(), symlinks = new ArrayList<>();
            long unchanged = 0;
            for (Map.Entry<String, CatalogEntry> entry : accepted.entrySet()) {
                CatalogEntry e = entry.getValue();
                switch (e.kind()) {
                    case DIRECTORY -> dirs.add(entry);
                    case SYMLINK -> symlinks.add(e);
                    case FILE -> {
                        TargetState.Existing now = existing.entries.get(entry.getKey());
                        if (links.leaderOf(e) != null) followers.add(e);
                        else if (linking && e.size() > 0) linked.add(e);
                        else if (now != null && now.size() == e.size() && now.mtimeNs() == e.mtimeNs() && now.mode() == e.mode()) unchanged++;
                        else files.add(e);
                    }
                }
            }
            return new Work(dirs, files, linked, followers, symlinks, unchanged);
        }
    }

    /**
     * Makes the directories the target lacks, in the order given, and lets the writers of each
     * one's files through the gate. One after the other: made in parallel they took longer, and
     * so did the files written into them (design decision 45).
     */
    private void makeDirectories(Path target, List<Map.Entry<String, CatalogEntry>> dirs, TargetState existing, DirectoryGate gate) throws IOException {
        for (int i = 0; i < dirs.size(); i++) {
            String name = dirs.get(i).getKey();
            if (!existing.entries.containsKey(name)) {
                targetChanged = true;
                Files.createDirectory(at(target, name), CreationMode.of(dirs.get(i).getValue().mode() | 0700));
            }
            gate.passed(i);
        }
    }

    /** Makes the symlink {@code e}, or counts it unchanged if the target has it, with its mtime. */
    private void restoreSymlink(Path target, CatalogEntry e, TargetState existing) throws IOException {
        TargetState.Existing now = existing.entries.get(e.pathString());
        if (now != null && now.mtimeNs() == e.mtimeNs() && sameLink(at(target, e.pathString()), e)) symlinksUnchanged++;
        else createSymlink(target, e);
    }

    /** The target's entry {@code relative}, as a path the kernel takes. */
    private Path at(Path target, String relative) {
        return paths.reachable(RawNames.resolve(target, relative));
    }

    /** Deletes what the catalog does not have, and entries whose kind differs, children first. */
    private long removeStale(Path target, TargetState existing, Map<String, CatalogEntry> accepted) throws IOException {
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, TargetState.Existing> x : existing.entries.sequencedEntrySet().reversed()) {
            CatalogEntry wanted = accepted.get(x.getKey());
            if (wanted != null && wanted.kind() == x.getValue().kind()) continue;
            Files.delete(at(target, x.getKey())); // deletes a symlink itself, never its target
            removed.add(x.getKey());
        }
        for (String gone : removed) existing.entries.remove(gone);
        return removed.size();
    }

    /** A directory restored read-only last time must take new files now; final modes are set at the end. */
    private void makeDirectoriesWritable(Path target, TargetState existing) throws IOException {
        for (Map.Entry<String, TargetState.Existing> x : existing.entries.entrySet()) {
            TargetState.Existing d = x.getValue();
            if (d.kind() == EntryKind.DIRECTORY && (d.mode() & 0700) != 0700) {
                targetChanged = true;
                Files.setAttribute(at(target, x.getKey()), "unix:mode", d.mode() | 0700, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean sameLink(Path p, CatalogEntry e) throws IOException {
        return Files.isSymbolicLink(p) && java.util.Arrays.equals(RawNames.bytes(Files.readSymbolicLink(p)), e.linkTarget());
    }

    private void createSymlink(Path target, CatalogEntry e) throws IOException {
        targetChanged = true;
        Path dest = at(target, e.pathString());
        Path tmp = tempSibling(dest);
        Files.createSymbolicLink(tmp, RawNames.path(e.linkTarget()));
        FileTimes.setMtime(tmp, e.mtimeNs()); // the link's own time: FileTimes never follows a link
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes {@code e} a hardlink to its group's leader; true if it already was one. */
    private boolean linkToLeader(Path target, CatalogEntry e, CatalogEntry leader) {
        Path dest = at(target, e.pathString());
        Path leaderPath = at(target, leader.pathString());
        try {
            Object leaderKey = Files.readAttributes(leaderPath, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (!Files.isRegularFile(leaderPath, LinkOption.NOFOLLOW_LINKS)) throw new IOException("link source " + RawNames.printable(leader.pathString()) + " is not a file");
            if (Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS) && leaderKey.equals(
                    Files.readAttributes(dest, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                return true;
            }
            targetChanged = true;
            Path tmp = tempSibling(dest);
            Files.createLink(tmp, leaderPath);
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            filesWritten.incrementAndGet();
        } catch (IOException | RuntimeException ex) {
            errors.add(RawNames.printable(e.pathString()) + ": hardlink to " + RawNames.printable(leader.pathString()) + " failed: " + FileErrors.describe(ex));
        }
        return false;
    }

    /**
     * Makes the missing or damaged materialised copies, then links each entry to its copy; an entry
     * already linked to it counts as unchanged. Returns how many were unchanged.
     */
    private long linkFiles(Path target, List<CatalogEntry> entries, Predicate<CatalogEntry> absent, Consumer<Progress> progress) throws IOException {
        List<CatalogEntry> damaged = Collections.synchronizedList(new ArrayList<>());
        inParallel(entries, e -> {
            if (!materialized.intact(e)) damaged.add(e);
        });
        Map<Path, CatalogEntry> missing = new java.util.HashMap<>(); // one copy per path, whichever entry asked first
        for (CatalogEntry e : damaged) {
            Path copy = materialized.pathFor(e);
            if (missing.putIfAbsent(copy, e) == null) Files.createDirectories(copy.getParent());
        }
        writeFiles(new ArrayList<>(missing.values()), materialized::pathFor, Materialized::linkMode, e -> false, "materialize", progress);
        AtomicLong unchanged = new AtomicLong();
        List<CatalogEntry> copied = Collections.synchronizedList(new ArrayList<>());
        inParallel(entries, e -> {
            Path dest = at(target, e.pathString());
            Path copy = materialized.pathFor(e);
            try {
                if (sameFile(dest, copy)) {
                    unchanged.incrementAndGet();
                    return;
                }
                targetChanged = true;
                if (absent.test(e)) {
                    Files.createLink(dest, copy); // a link appears whole: no temp name needed
                } else {
                    Path tmp = tempSibling(dest);
                    Files.createLink(tmp, copy);
                    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                filesLinked.incrementAndGet();
            } catch (java.nio.file.FileSystemException ex) {
                if (String.valueOf(ex.getReason()).contains("cross-device")) copied.add(e); // another filesystem: copy
                else errors.add(RawNames.printable(e.pathString()) + ": linking to " + copy + " failed: " + FileErrors.describe(ex));
            }
        });
        if (!copied.isEmpty()) targetChanged = true;
        writeFiles(new ArrayList<>(copied), e -> at(target, e.pathString()), CatalogEntry::mode, absent, "restore", progress);
        return unchanged.get();
    }

    private interface Action<T> {
        void apply(T item) throws IOException;
    }

    /**
     * Runs {@code action} on every entry, in runs of the list's order spread over the cores: a link
     * or a directory's finish, like a file write, is mostly the kernel's work, and one thread left
     * the other core idle.
     */
    private static <T> void inParallel(List<T> entries, Action<T> action) throws IOException {
        int run = 1024;
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int from = 0; from < entries.size(); from += run) {
                List<T> part = entries.subList(from, Math.min(entries.size(), from + run));
                futures.add(pool.submit(() -> {
                    for (T e : part) action.apply(e);
                    return null;
                }));
            }
            for (Future<?> f : futures) Await.get(f);
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        if (!Files.isRegularFile(a, LinkOption.NOFOLLOW_LINKS)) return false;
        return Files.readAttributes(a, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()
                .equals(Files.readAttributes(b, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
    }

    /** Work a restore's own thread does while the pool writes files. */
    private interface Meanwhile {
        void run() throws IOException;
    }

    private void writeFiles(List<CatalogEntry> files, Function<CatalogEntry, Path> destination, ToIntFunction<CatalogEntry> mode,
                            Predicate<CatalogEntry> absent, String operation, Consumer<Progress> progress) throws IOException {
        writeFiles(files, destination, mode, absent, DirectoryGate.OPEN, () -> {}, operation, progress);
    }

    /**
     * Writes each entry's content to {@code destination(e)} with {@code mode(e)}: a pool locates
     * the contents, then takes {@link ReadPlan} spans in storage order, reads each with one call
     * and writes its files, each once {@code gate} lets it past its parent. Meanwhile this thread
     * runs {@code meanwhile}, then the gate opens; should that fail, the writes left are dropped.
     */
    private void writeFiles(List<CatalogEntry> files, Function<CatalogEntry, Path> destination, ToIntFunction<CatalogEntry> mode,
                            Predicate<CatalogEntry> absent, DirectoryGate gate, Meanwhile meanwhile, String operation,
                            Consumer<Progress> progress) throws IOException {
        if (files.isEmpty()) { // and the blob index is never loaded
            try {
                meanwhile.run();
            } finally {
                gate.open();
            }
            return;
        }
        long totalBytes = files.stream().mapToLong(CatalogEntry::size).sum();
        // writers before the pool: an aborted restore's pool waits for its tasks to give theirs back before they are freed
        try (ContextPool<SmallFileWrite> writers = SmallFileWrite.available() ? new ContextPool<>(SmallFileWrite::new) : null;
             ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
             ProgressTicker ticker = new ProgressTicker(operation, files.size(), totalBytes, progress)) {
            List<Future<?>> spans = Collections.synchronizedList(new ArrayList<>());
            Future<?> planned = pool.submit(() -> {
                for (ReadPlan.Span<CatalogEntry> span : plan(files, ticker)) {
                    spans.add(pool.submit(() -> writers == null ? writeSpan(span, destination, mode, absent, gate, ticker, null)
                            : writers.with(writer -> writeSpan(span, destination, mode, absent, gate, ticker, writer))));
                }
                return null;
            });
            try {
                meanwhile.run();
            } catch (IOException | RuntimeException | Error e) {
                pool.shutdownNow(); // the restore fails: no more writes; a re-run replaces any file left partial
                throw e;
            } finally {
                gate.open();
            }
            Await.get(planned);
            for (Future<?> f : spans) Await.get(f); // all added by now
        }
    }

    /** Spans of the contents of {@code files} that the store has; each it lacks is reported, and counted as done. */
    private List<ReadPlan.Span<CatalogEntry>> plan(List<CatalogEntry> files, ProgressTicker ticker) throws IOException {
        Map<ContentId, BlobLocation> where = new java.util.HashMap<>();
        List<CatalogEntry> found = new ArrayList<>(files.size());
        for (CatalogEntry e : files) {
            BlobLocation loc = reader.locateOrNull(e.contentId());
            if (loc != null) {
                where.put(e.contentId(), loc);
                found.add(e);
                continue;
            }
            errors.add(RawNames.printable(e.pathString()) + ": content " + e.contentId() + " is missing from the store");
            ticker.files.incrementAndGet();
            ticker.bytes.addAndGet(e.size());
        }
        return ReadPlan.of(found, e -> where.get(e.contentId()));
    }

    /** Writes a span's files; {@code writer} null: all the Java way. Returns nothing (a task's value). */
    private Void writeSpan(ReadPlan.Span<CatalogEntry> span, Function<CatalogEntry, Path> destination, ToIntFunction<CatalogEntry> mode,
                           Predicate<CatalogEntry> absent, DirectoryGate gate, ProgressTicker ticker, SmallFileWrite writer) {
        BlobReader.SpanContents contents;
        try {
            contents = reader.read(span);
        } catch (IOException | RuntimeException ex) {
            for (ReadPlan.Placed<CatalogEntry> p : span.items()) {
                errors.add(RawNames.printable(p.item().pathString()) + ": " + FileErrors.describe(ex));
                ticker.files.incrementAndGet(); // done with, as a missing content is
                ticker.bytes.addAndGet(p.item().size());
            }
            return null;
        }
        Path directory = null; // the last parent seen to be a directory: a span's files mostly share one
        for (ReadPlan.Placed<CatalogEntry> p : span.items()) {
            CatalogEntry e = p.item();
            gate.awaitParentOf(e.pathString()); // first: a path beyond PATH_MAX resolves through a descriptor of an ancestor
            Path dest = destination.apply(e);
            if (dest.getParent().equals(directory) || Files.isDirectory(dest.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                directory = dest.getParent();
                long ticked = writer != null && writeDecoded(dest, absent.test(e), e, mode.applyAsInt(e), contents, p.location(), writer) ? 0
                        : writeFile(dest, absent.test(e), e, mode.applyAsInt(e), () -> contents.open(e.contentId(), p.location()), ticker.bytes);
                ticker.bytes.addAndGet(Math.max(0, e.size() - ticked)); // a file written whole, or the rest of one that failed part-way
            } else {
                errors.add(RawNames.printable(e.pathString()) + ": parent is not a directory; skipped");
                ticker.bytes.addAndGet(e.size());
            }
            ticker.files.incrementAndGet();
        }
        return null;
    }

    /**
     * As {@link #writeFile}, for a record of a span read whole: its content is decoded into the
     * writer's native buffer and hashed there before anything is created, so a corrupt content
     * never becomes a file, then {@link SmallFileWrite} creates it. Returns true if the entry is
     * done with (written, or its failure reported), false if it is left to {@link #writeFile}:
     * a streamed span, or a file the native calls could not create or complete.
     */
    private boolean writeDecoded(Path dest, boolean absent, CatalogEntry e, int mode, BlobReader.SpanContents contents, BlobLocation loc,
                              SmallFileWrite writer) {
        if (loc.rawLength() != e.size()) return false; // a catalog that disagrees with the store: writeFile reports it
        if (BlobReader.streams(loc)) return false; // too large to hold whole
        ByteBuffer content = writer.buffer(Math.toIntExact(e.size()));
        try {
            if (!contents.decodeInto(e.contentId(), loc, content)) return false;
        } catch (IOException | RuntimeException ex) {
            errors.add(RawNames.printable(e.pathString()) + ": " + FileErrors.describe(ex));
            return true;
        }
        MessageDigest digest = ContentId.sha256();
        digest.update(content.duplicate());
        if (content.remaining() != e.size() || !ContentId.of(digest).equals(e.contentId())) {
            reportCorrupt(e);
            return true;
        }
        Path file = absent ? dest : tempSibling(dest);
        if (!writer.create(file, mode, CreationMode.needsChmod(mode), content, e.mtimeNs())) return false;
        try {
            place(file, dest, absent, e.size());
        } catch (IOException ex) {
            failed(e, ex, file);
        }
        return true;
    }

    /** Opens one file's content; reading it may fail like any I/O. */
    private interface ContentSource {
        InputStream open() throws IOException;
    }

    /**
     * Writes one file, hashing as it goes, and sets its mtime once the content is complete. A file
     * new to the target ({@code absent}) is created at its name, exclusively and without following
     * a symlink there; one replacing an existing entry is written beside it and renamed over, so the
     * old content stays whole until the new is. Either way a file a killed restore left partial
     * lacks the catalog's mtime, so the re-run replaces it. The mode is given at creation (a chmod
     * only if the umask took bits away). Returns the bytes written, each also added to
     * {@code progressBytes} as it went.
     */
    private long writeFile(Path dest, boolean absent, CatalogEntry e, int mode, ContentSource content, AtomicLong progressBytes) {
        Path file = absent ? dest : tempSibling(dest); // where the bytes go
        boolean created = false;
        long written = 0;
        try {
            MessageDigest digest = ContentId.sha256();
            try (InputStream in = content.open();
                 FileChannel channel = FileChannel.open(file, CREATE_NEW_FILE, CreationMode.of(mode))) {
                created = true;
                byte[] buf = new byte[(int) Math.min(1 << 20, Math.max(e.size(), 1))];
                for (int n; (n = in.read(buf)) > 0; written += n) {
                    digest.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) channel.write(bb);
                    progressBytes.addAndGet(n); // a large file moves the bar as it is written, not at its end
                }
            }
            if (!ContentId.of(digest).equals(e.contentId()) || written != e.size()) {
                Files.deleteIfExists(file);
                reportCorrupt(e);
                return written;
            }
            if (CreationMode.needsChmod(mode)) Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            FileTimes.setMtime(file, e.mtimeNs());
            place(file, dest, absent, written);
        } catch (IOException | RuntimeException ex) {
            failed(e, ex, created ? file : null); // never remove a file someone else made in our place
        }
        return written;
    }

    /** A complete file, with its mode and mtime, takes its place (renamed over the old entry unless {@code absent}). */
    private void place(Path file, Path dest, boolean absent, long bytes) throws IOException {
        if (!absent) Files.move(file, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        toSync.add(dest);
        filesWritten.incrementAndGet();
        bytesWritten.addAndGet(bytes);
    }

    private void reportCorrupt(CatalogEntry e) {
        errors.add(RawNames.printable(e.pathString()) + ": store content " + e.contentId() + " is corrupt (hash mismatch); file not written");
    }

    /** Reports why {@code e} could not be written and removes what was made of it ({@code made}, null for nothing). */
    private void failed(CatalogEntry e, Exception why, Path made) {
        errors.add(RawNames.printable(e.pathString()) + ": " + FileErrors.describe(why));
        try {
            if (made != null) Files.deleteIfExists(made);
        } catch (IOException ignored) {
            errors.add(RawNames.printable(e.pathString()) + ": could not remove " + made);
        }
    }

    private static Path tempSibling(Path dest) {
        return dest.resolveSibling(".larder-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /**
     * Gives each directory its mode and mtime, on every core: each takes an lstat and, unless it
     * matches, a chmod and a utimensat. A mode without its owner's search bit would shut a
     * thread out of the directories below, so those directories come last, children first.
     */
    private void finishDirectories(Path target, List<Map.Entry<String, CatalogEntry>> dirs, TargetState existing) throws IOException {
        List<Map.Entry<String, CatalogEntry>> searchable = new ArrayList<>(), closed = new ArrayList<>();
        for (Map.Entry<String, CatalogEntry> d : dirs) {
            TargetState.Existing seen = targetChanged ? null : existing.entries.get(d.getKey());
            CatalogEntry want = d.getValue();
            if (seen != null && seen.kind() == EntryKind.DIRECTORY && seen.mode() == want.mode() && seen.mtimeNs() == want.mtimeNs()) {
                continue; // a no-op restore: the walk just saw it right, and nothing in the target has changed since
            }
            ((want.mode() & 0100) != 0 ? searchable : closed).add(d);
        }
        inParallel(searchable, d -> finishDirectory(at(target, d.getKey()), d.getKey(), d.getValue()));
        for (Map.Entry<String, CatalogEntry> d : closed.reversed()) finishDirectory(at(target, d.getKey()), d.getKey(), d.getValue());
    }

    private void finishDirectory(Path p, String name, CatalogEntry d) throws IOException {
        Map<String, Object> now = Files.readAttributes(p, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int rawMode = (Integer) now.get("mode");
        if (TreeScanner.kindOf(rawMode) != EntryKind.DIRECTORY) throw new IOException(RawNames.printable(name) + " is no longer a directory");
        // One lstat instead of a chmod and a utimes per directory: after a no-op restore nothing differs.
        if ((rawMode & 07777) == d.mode() && ((FileTime) now.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS) == d.mtimeNs()) return;
        if ((rawMode & 07777) != d.mode()) Files.setAttribute(p, "unix:mode", d.mode(), LinkOption.NOFOLLOW_LINKS);
        FileTimes.setMtime(p, d.mtimeNs());
        toSync.add(p);
    }

    /**
     * A target this process cannot write into (a 0555 root from the last restore) gets its owner's
     * bits for the restore; returns the mode it had, or -1 if it was left alone. Best effort: a
     * target someone else owns keeps its mode, and each entry that cannot be made says so.
     */
    private int makeRootWritable(Path target) throws IOException {
        if (Files.isWritable(target)) return -1;
        int mode = EntryStat.lstat(target).mode() & 07777;
        try {
            Files.setAttribute(target, "unix:mode", mode | 0700, LinkOption.NOFOLLOW_LINKS);
            return mode;
        } catch (IOException notOurs) {
            return -1;
        }
    }

    private void putBackRootMode(Path target, int mode) {
        try {
            Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            errors.add("the target itself: could not put its mode back: " + FileErrors.describe(e));
        }
    }

    /**
     * The target gets the tree root's mode and mtime, last: every entry made or removed in it
     * changed its mtime. A target this process may not change (another user's) keeps its own, and
     * the restore says so; the files are restored and synced all the same.
     */
    private void finishRoot(Path target, CatalogCodec.Root root) {
        try {
            EntryStat now = EntryStat.lstat(target);
            if ((now.mode() & 07777) == root.mode() && now.mtimeNs() == root.mtimeNs()) return;
            if ((now.mode() & 07777) != root.mode()) Files.setAttribute(target, "unix:mode", root.mode(), LinkOption.NOFOLLOW_LINKS);
            FileTimes.setMtime(target, root.mtimeNs());
            toSync.add(target);
        } catch (IOException e) {
            errors.add("the target itself: could not give it the snapshot's mode and mtime: " + FileErrors.describe(e));
        }
    }

    /**
     * Everything written reaches the disk: one syncfs of the target's filesystem (and of the
     * store's, which holds the copies --link made), or else a sync of each file and directory written.
     */
    private void syncAll(Path target) throws IOException {
        if (FileSystemSync.syncfs(target) && (materialized == null || FileSystemSync.syncfs(materialized.root()))) return;
        toSync.add(target);
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Path p : toSync) {
                futures.add(pool.submit(() -> {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        ch.force(true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) Await.get(f);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
