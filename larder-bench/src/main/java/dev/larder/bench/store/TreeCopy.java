package dev.larder.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The copy of a user's tree ({@code --tree}) that the benchmark snapshots, edits and restores, so
 * the tree itself is only ever read: {@code cp -a}, which keeps modes, mtimes, symlinks and
 * hardlinks, then owner write permission added where it lacks (a {@code .git/objects} file is
 * read-only): the 1%-changed step rewrites files in place, and the scratch directory must be
 * deletable without root. Every tree made from the copy inherits that permission.
 */
final class TreeCopy {
    private TreeCopy() {}

    /** Copies {@code tree} to {@code copy}, which must not exist. */
    static void make(ChildRun child, Path tree, Path copy) throws IOException, InterruptedException {
        child.run(PeerTools.copy(tree, copy));
        try (Stream<Path> paths = Files.walk(copy)) {
            for (Path p : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
                if (permissions.add(PosixFilePermission.OWNER_WRITE)) Files.setPosixFilePermissions(p, permissions);
            }
        }
    }
}
