package dev.larder.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A cheap check that a restored tree has the source's shape: the same paths, kinds, sizes and
 * symlink targets. Content is the store's own business (it hashes while writing); this catches a
 * restore that silently did less than it said, which would make its figure meaningless.
 */
final class TreeCheck {
    private TreeCheck() {}

    /** Throws naming the first difference between the trees under {@code expected} and {@code actual}. */
    static void requireSameShape(Path expected, Path actual) throws IOException {
        Map<String, String> want = describe(expected);
        Map<String, String> got = describe(actual);
        if (want.equals(got)) return;
        for (var e : want.entrySet()) {
            String other = got.get(e.getKey());
            if (!e.getValue().equals(other)) {
                throw new IOException(actual + " differs from " + expected + " at " + e.getKey() + ": expected "
                        + e.getValue() + ", found " + (other == null ? "nothing" : other));
            }
        }
        String extra = got.keySet().stream().filter(k -> !want.containsKey(k)).findFirst().orElse("?");
        throw new IOException(actual + " has an entry that " + expected + " lacks: " + extra);
    }

    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) entries.put(root.relativize(p).toString(), kind(p));
        }
        return entries;
    }

    private static String kind(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) return "symlink -> " + Files.readSymbolicLink(p);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return "dir";
        return "file of " + Files.size(p) + " bytes";
    }
}
