package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TreeWalker visits every entry below the root once, with its own attributes, and never follows symlinks. */
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
        TreeWalker.walk(root, new TreeWalker.Visitor() {
            @Override
            public void visit(Path file, String relative, Map<String, Object> attrs) {
                seen.add(relative + ":" + TreeScanner.kindOf((Integer) attrs.get("mode")) + (relative.equals("top.txt") ? ":" + attrs.get("size") : ""));
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
}
