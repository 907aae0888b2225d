package dev.larder.store.internal;

import dev.larder.store.EntryKind;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Depth-first walk that never follows symlinks and costs one lstat per entry: it reads the
 * unix attributes itself instead of {@code Files.walkFileTree}, which lstats every entry for
 * its own use and would make callers lstat again for mode, inode and device. Names are passed
 * down as '/'-separated relative strings, so no per-entry {@code relativize}.
 *
 * <p>A directory that cannot be listed, or an entry that vanishes before its lstat, goes to
 * {@link Visitor#failed} and is not visited, as with {@code walkFileTree}'s visitFileFailed.
 */
final class TreeWalker {
    /** The attributes every caller needs, read in one lstat. */
    static final String ATTRIBUTES = "unix:mode,ino,dev,size,lastModifiedTime";

    interface Visitor {
        /** One entry below the root (never the root); {@code attrs} holds {@link #ATTRIBUTES}. */
        void visit(Path file, String relative, Map<String, Object> attrs) throws IOException;

        void failed(Path file, String relative, IOException e) throws IOException;
    }

    private TreeWalker() {}

    static void walk(Path root, Visitor visitor) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            walkChildren(children, "", visitor);
        }
    }

    private static void walkChildren(DirectoryStream<Path> children, String prefix, Visitor visitor) throws IOException {
        try {
            for (Path child : children) walkEntry(child, prefix + RawNames.name(child), visitor);
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void walkEntry(Path file, String relative, Visitor visitor) throws IOException {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            visitor.failed(file, relative, e);
            return;
        }
        if (TreeScanner.kindOf((Integer) attrs.get("mode")) != EntryKind.DIRECTORY) {
            visitor.visit(file, relative, attrs);
            return;
        }
        DirectoryStream<Path> children;
        try {
            children = Files.newDirectoryStream(file);
        } catch (IOException e) {
            visitor.failed(file, relative, e);
            return;
        }
        try (children) {
            visitor.visit(file, relative, attrs);
            walkChildren(children, relative + "/", visitor);
        }
    }
}
