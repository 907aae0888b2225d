package dev.larder.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a tree lies relative to the store, by real paths (symlinks resolved, so an alias of the
 * store is still the store). A restore whose target holds the store would delete the store as an
 * extra; a snapshot of a tree that holds the store must leave the store's own files out.
 */
public final class StorePlacement {
    private StorePlacement() {}

    /** Refuses a restore (or anything that makes {@code target} equal to a catalog) into or around the store. */
    public static void refuseTarget(Path storeRoot, Path target) throws IOException {
        refuseRealTarget(storeRoot, realPathOf(target), target);
    }

    /**
     * As {@link #refuseTarget}, for a target already resolved to its real path: the restore checks
     * again once it has made and resolved the target, so no name that only looked elsewhere gets by.
     */
    public static void refuseRealTarget(Path storeRoot, Path real, Path target) throws IOException {
        Path store = storeRoot.toRealPath();
        if (store.startsWith(real)) {
            throw new IllegalArgumentException(target + ": contains the store " + store + "; a restore would delete it as an extra. Restore elsewhere");
        }
        if (real.startsWith(store)) throw new IllegalArgumentException(target + ": is inside the store " + store + ". Restore elsewhere");
    }

    /**
     * The store's directory as a name relative to {@code dir} ('/'-separated), or null if the store
     * is not inside it; throws if {@code dir} is the store or inside it.
     */
    public static String storeBelow(Path storeRoot, Path dir) throws IOException {
        Path store = storeRoot.toRealPath();
        Path real = dir.toRealPath();
        if (real.startsWith(store)) throw new IllegalArgumentException(dir + ": is inside the store " + store + "; snapshot something else");
        if (!store.startsWith(real)) return null;
        return real.relativize(store).toString();
    }

    /**
     * The real path of {@code p}, which need not exist: its deepest existing ancestor's real path
     * and the names below it. Nothing is tidied before symlinks are followed: {@code link/..} is
     * the parent of the link's target, as the kernel takes it, not the directory holding the link.
     */
    static Path realPathOf(Path p) throws IOException {
        Path absolute = p.toAbsolutePath();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing)) existing = existing.getParent();
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }
}
