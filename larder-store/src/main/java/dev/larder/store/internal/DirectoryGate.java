package dev.larder.store.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a restore write files while it is still making their directories. The directories are
 * made one after the other in a parents-first order; each has its place in that order, and a
 * writer waits only until the place of its file's own parent has been passed. Made or found
 * there, or failed: a writer that finds no directory says so, as it always did.
 */
final class DirectoryGate {
    /** Nothing to wait for: every directory is there before the first file is written. */
    static final DirectoryGate OPEN = new DirectoryGate(List.of());

    private final Map<String, Integer> places;
    /** How many directories, in order, have been passed. */
    private volatile int passed;
    private volatile boolean open;
    /** Writers waiting on this gate's monitor; changed only while holding it. */
    private volatile int waiting;

    /** {@code directories}: decoded relative names, parents before children. */
    DirectoryGate(List<String> directories) {
        places = HashMap.newHashMap(directories.size());
        for (int i = 0; i < directories.size(); i++) places.put(directories.get(i), i);
        open = directories.isEmpty();
    }

    /** The directory at {@code place} in the order given, and every one before it, is done with. */
    void passed(int place) {
        passed = place + 1;
        if (waiting > 0) wake(); // read after the write above: a writer that is not counted yet sees the new count
    }

    /** Nothing more will be made: every writer goes on. */
    void open() {
        open = true;
        wake();
    }

    private synchronized void wake() {
        notifyAll();
    }

    /**
     * Returns once the parent of {@code name} (a decoded relative name) is done with, or at once
     * for a parent the gate does not know (the target itself). An interrupted writer goes on,
     * interrupted.
     */
    void awaitParentOf(String name) {
        if (open) return;
        int slash = name.lastIndexOf('/');
        Integer place = slash < 0 ? null : places.get(name.substring(0, slash));
        if (place == null || passed > place) return;
        synchronized (this) {
            waiting++;
            try {
                while (!open && passed <= place) wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting--;
            }
        }
    }
}
