package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.bench.StoreBench;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder bench store --tree} end to end, on a tiny tree: here the test class path has the
 * CLI, so the benchmark's larder children run this build (in larder-bench they could not).
 */
class BenchStoreTreeTest {
    @TempDir
    Path tmp;

    @Test
    void measuresACopyAndLeavesTheTreeAsItWas() throws Exception {
        Path root = tmp.resolve("my-tree");
        Path lib = Files.createDirectories(root.resolve("pkg/lib"));
        Files.writeString(lib.resolve("a.js"), "module.exports = 1;\n");
        Files.writeString(lib.resolve("b.js"), "module.exports = 2;\n".repeat(50));
        Files.writeString(root.resolve("README"), "readme\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("pkg/lib/a.js"));
        Map<String, String> before = listing(root);

        PrintStream out = System.out, err = System.err;
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int exit;
        try {
            String[] args = {"bench", "store", "--tree", root.toString(), "--repeats", "1", "--no-drop-caches", "--json",
                    "--dir", tmp.resolve("scratch").toString()};
            exit = LarderCommand.commandLine(args).execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String json = stdout.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(StoreBench.OK);
        assertThat(json).contains("\"tree\":\"" + root.toRealPath() + "\"")
                .contains("\"trees\":[{\"name\":\"my-tree\",\"files\":3,\"symlinks\":1,");
        assertThat(json.split("\"name\":")).as("one tree").hasSize(2);
        assertThat(listing(root)).isEqualTo(before);
        assertThat(tmp.resolve("scratch")).isEmptyDirectory();
    }

    /** Every entry under {@code root}: kind, size, mtime and link target. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String link = Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "";
                var attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                entries.put(root.relativize(p).toString(), attrs.size() + " " + attrs.lastModifiedTime() + link);
            }
        }
        return entries;
    }
}
