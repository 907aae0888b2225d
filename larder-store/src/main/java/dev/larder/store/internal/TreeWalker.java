package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;

/**
 * Depth-first walk that never follows symlinks and costs one lstat per entry: it reads the
 * unix attributes itself instead of {@code Files.walkFileTree}, which lstats every entry for
 * its own use and would make callers lstat again for mode, inode and device. Names are passed
 * down as '/'-separated relative strings, so no per-entry {@code relativize}.
 *
 * <p>The listing and the lstats run on one task per directory, on all cores: a no-op restore or
 * an unchanged snapshot is mostly this walk, and the kernel's share of it spreads over cores
 * (docs/performance.md). The visitor is then called on the caller's thread, in the order of a
 * sequential walk (a directory before its children), so visitors need no locking.
 *
 * <p>A directory that cannot be listed, or an entry that vanishes before its lstat, goes to
 * {@link Visitor#failed} and is not visited, as with {@code walkFileTree}'s visitFileFailed.
 */
final class TreeWalker {
    interface Visitor {
        /** One entry below the root (never the root), with its lstat. */
        void visit(Path file, String relative, EntryStat stat) throws IOException;

        void failed(Path file, String relative, IOException e) throws IOException;
    }

    /** One entry as the walk found it: its attributes and, for a directory, its entries; or why not. */
    private record Found(Path file, String relative, EntryStat stat, List<Found> children, IOException failure) {}

    private TreeWalker() {}

    /**
     * Walks below {@code root}; throws if the root itself cannot be listed. Paths beyond PATH_MAX
     * reach the visitor through {@code paths} (so they are valid while it is open).
     */
    static void walk(Path root, LongPaths paths, Visitor visitor) throws IOException {
        walk(root, paths, null, visitor);
    }

    /** As {@link #walk(Path, LongPaths, Visitor)}, leaving out the entry named {@code excluded} (and all below it); null for none. */
    static void walk(Path root, LongPaths paths, String excluded, Visitor visitor) throws IOException {
        List<Found> top;
        try (ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors())) {
            top = pool.invoke(new Listing(root, "", paths, excluded));
        } catch (UncheckedIOException e) {
            throw ioCause(e);
        }
        replay(top, visitor);
    }

    /** The IOException a task threw; a join in another thread may have wrapped it once more. */
    private static IOException ioCause(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof IOException io) return io;
        throw e;
    }

    private static void replay(List<Found> entries, Visitor visitor) throws IOException {
        for (Found f : entries) {
            if (f.failure() != null) {
                visitor.failed(f.file(), f.relative(), f.failure());
                continue;
            }
            visitor.visit(f.file(), f.relative(), f.stat());
            if (f.children() != null) replay(f.children(), visitor);
        }
    }

    /** Lists one directory and lstats its entries; forks a listing per subdirectory. */
    private static final class Listing extends RecursiveTask<List<Found>> {
        private static final Comparator<Found> BY_NAME = Comparator.comparing(Found::relative);
        private final Path dir;
        private final String prefix;
        private final LongPaths paths;
        private final String excluded;

        Listing(Path dir, String prefix, LongPaths paths, String excluded) {
            this.dir = dir;
            this.prefix = prefix;
            this.paths = paths;
            this.excluded = excluded;
        }

        @Override
        protected List<Found> compute() {
            List<Found> found = new ArrayList<>();
            List<Listing> subdirectories = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir); DirectoryStat stats = DirectoryStat.open(dir)) {
                for (Path listed : children) {
                    Path child = paths.reachable(listed);
                    String relative = prefix + RawNames.name(child);
                    if (relative.equals(excluded)) continue;
                    Found entry = lstat(stats, child, relative);
                    if (entry.failure() == null && TreeScanner.kindOf(entry.stat().mode()) == EntryKind.DIRECTORY) {
                        Listing listing = new Listing(child, entry.relative() + "/", paths, excluded);
                        listing.fork();
                        subdirectories.add(listing);
                        at.add(found.size());
                    }
                    found.add(entry);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (DirectoryIteratorException e) {
                throw new UncheckedIOException(e.getCause());
            }
            for (int i = subdirectories.size() - 1; i >= 0; i--) { // joined newest first: those still queued run here
                Found directory = found.get(at.get(i));
                found.set(at.get(i), withChildren(directory, subdirectories.get(i)));
            }
            // In name order, here on every core: callers that sort the whole walk by name
            // (TreeScanner) then find it nearly sorted already, which is cheap to finish.
            found.sort(BY_NAME);
            return found;
        }

        /** The directory with its entries, or as failed if it could not be listed. */
        private static Found withChildren(Found directory, ForkJoinTask<List<Found>> listing) {
            try {
                return new Found(directory.file(), directory.relative(), directory.stat(), listing.join(), null);
            } catch (UncheckedIOException e) {
                return new Found(directory.file(), directory.relative(), null, null, ioCause(e));
            }
        }

        private static Found lstat(DirectoryStat stats, Path file, String relative) {
            try {
                return new Found(file, relative, stats.lstat(file), null, null);
            } catch (IOException e) {
                return new Found(file, relative, null, null, e);
            }
        }
    }
}
