package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TreeWalker visits every entry below the root once, with its own attributes, and never follows
 * symlinks; though it lists directories in parallel, it visits a directory before its entries.
 */
class TreeWalkerTest {
    @TempDir
    Path tmp;

    @Test
    void visitsEachEntryOnceWithoutFollowingSymlinks() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/deep.txt"), "deep");
        Files.writeString(root.resolve("top.txt"), "12345");
        Files.createDirectories(tmp.resolve("outside/secret"));
        Files.createSymbolicLink(root.resolve("a/link"), tmp.resolve("outside"));
        List<String> seen = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        TreeWalker.walk(root, LongPaths.NONE, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, EntryStat stat) {
                seen.add(relative + ":" + TreeScanner.kindOf(stat.mode()) + (relative.equals("top.txt") ? ":" + stat.size() : ""));
                assertThat(root.resolve(relative)).isEqualTo(file);
            }

            @Override
            public void failed(Path file, String relative, IOException e) {
                failed.add(relative);
            }
        });
        assertThat(seen).containsExactlyInAnyOrder("a:DIRECTORY", "a/b:DIRECTORY", "a/b/c:DIRECTORY", "a/b/c/deep.txt:FILE",
                "a/link:SYMLINK", "top.txt:FILE:5");
        assertThat(failed).isEmpty();
    }

    @Test
    void aWideDeepTreeIsVisitedOnceEachParentsFirstAsFilesWalkSeesIt() throws IOException {
        Path root = tmp.resolve("wide");
        Random random = new Random(7);
        List<Path> dirs = new ArrayList<>(List.of(root));
        Files.createDirectories(root);
        for (int i = 0; i < 1500; i++) {
            Path parent = dirs.get(random.nextInt(dirs.size()));
            Path child = parent.resolve("e" + i);
            switch (random.nextInt(3)) {
                case 0 -> dirs.add(Files.createDirectory(child));
                case 1 -> Files.writeString(child, "x".repeat(random.nextInt(10)));
                default -> Files.createSymbolicLink(child, Path.of("../elsewhere"));
            }
        }
        Set<String> expected;
        try (Stream<Path> all = Files.walk(root)) {
            expected = all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
        }
        List<String> visited = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        TreeWalker.walk(root, LongPaths.NONE, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, EntryStat stat) {
                int slash = relative.lastIndexOf('/');
                assertThat(slash < 0 || seen.contains(relative.substring(0, slash))).as("parent of %s first", relative).isTrue();
                seen.add(relative);
                visited.add(relative);
            }

            @Override
            public void failed(Path file, String relative, IOException e) {
                throw new AssertionError(relative, e);
            }
        });
        assertThat(visited).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
    }
}
