package dev.larder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tree}'s refusals: exit code 2 and a clear message, before a scratch directory exists. */
class StoreBenchTreeTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run run(Path tree, boolean quick, int files) {
        return run(new StoreBench.Options(quick, true, tmp.resolve("scratch"), 1, files, null, false, false, tree));
    }

    private Run run(StoreBench.Options options) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = StoreBench.run(options, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(options.dir()).as("nothing ran").doesNotExist();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path tree() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("f"), "x");
        return tree;
    }

    @Test
    void treeDoesNotGoWithFilesOrQuick() throws Exception {
        Path tree = tree();
        for (Run r : new Run[] {run(tree, false, 100), run(tree, true, 0)}) {
            assertThat(r.exit()).isEqualTo(StoreBench.CANNOT_RUN);
            assertThat(r.err()).contains("--files and --quick shape the generated trees");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aMissingTreeOrAFileIsRefused() throws Exception {
        Run missing = run(tmp.resolve("nope"), false, 0);
        assertThat(missing.exit()).isEqualTo(StoreBench.CANNOT_RUN);
        assertThat(missing.err()).contains("--tree " + tmp.resolve("nope") + ": no such directory");
        Run file = run(tree().resolve("f"), false, 0);
        assertThat(file.exit()).isEqualTo(StoreBench.CANNOT_RUN);
        assertThat(file.err()).contains("is not a directory");
    }

    @Test
    void aTreeWithoutFilesIsRefused() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("only/dirs"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("x"));
        Run r = run(tmp.resolve("only"), false, 0);
        assertThat(r.exit()).isEqualTo(StoreBench.CANNOT_RUN);
        assertThat(r.err()).contains("holds no regular files");
    }

    @Test
    void theScratchDirectoryMustNotGoInsideTheTree() throws Exception {
        Path tree = tree();
        Run r = run(new StoreBench.Options(false, true, tree.resolve("scratch"), 1, 0, null, false, false, tree));
        assertThat(r.exit()).isEqualTo(StoreBench.CANNOT_RUN);
        assertThat(r.err()).contains("scratch directory would be inside the tree");
    }
}
