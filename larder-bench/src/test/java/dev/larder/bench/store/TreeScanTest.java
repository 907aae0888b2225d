package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TreePlan#scan}: an existing tree as a plan, and what it refuses. */
class TreeScanTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileAndSymlinkBecomesAnEntry() throws Exception {
        Files.createDirectories(tmp.resolve("a/b/c"));
        Files.createDirectories(tmp.resolve("empty-dir"));
        Files.writeString(tmp.resolve("a/b/c/deep.txt"), "12345");
        Files.createFile(tmp.resolve("a/empty"));
        Path tool = Files.writeString(tmp.resolve("a/tool.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tmp.resolve("link"), Path.of("a/tool.sh"));
        Files.createSymbolicLink(tmp.resolve("a/b/dangling"), Path.of("../nowhere"));

        TreePlan plan = TreePlan.scan(tmp, "mine");

        assertThat(plan.entries()).extracting(PlannedEntry::path, PlannedEntry::sizeBytes, PlannedEntry::executable,
                PlannedEntry::linkTarget).containsExactly(
                        tuple("a/b/c/deep.txt", 5L, false, null),
                        tuple("a/b/dangling", 0L, false, "../nowhere"),
                        tuple("a/empty", 0L, false, null),
                        tuple("a/tool.sh", 10L, true, null),
                        tuple("link", 0L, false, "a/tool.sh"));
        assertThat(plan.fileCount()).isEqualTo(3);
        assertThat(plan.totalBytes()).isEqualTo(15);
        assertThat(plan.shape()).extracting(TreeShape::name, TreeShape::files, TreeShape::symlinks, TreeShape::seed)
                .containsExactly("mine", 3, 2, TreeShape.DEFAULT_SEED);
        assertThat(TreePlan.scan(tmp, "mine")).as("deterministic, seeds included").isEqualTo(plan);
    }

    @Test
    void theOnePercentEditRewritesFilesOfTheScannedTree() throws Exception {
        for (int i = 0; i < 5; i++) Files.writeString(tmp.resolve("f" + i), "x".repeat(i));
        TreePlan before = TreePlan.scan(tmp, "t");
        TreePlan after = TreeEditor.edit(before, 1);
        for (PlannedEntry e : TreeEditor.apply(before, after, tmp)) assertThat(Files.size(tmp.resolve(e.path()))).isEqualTo(e.sizeBytes());
        assertThat(TreePlan.scan(tmp, "t").entries()).extracting(PlannedEntry::sizeBytes)
                .containsExactlyElementsOf(after.entries().stream().map(PlannedEntry::sizeBytes).toList());
    }

    @Test
    void aFifoIsRefusedByName() throws Exception {
        Files.createDirectories(tmp.resolve("d"));
        assumeTrue(shell("mkfifo d/pipe"), "mkfifo not available");
        assertThatThrownBy(() -> TreePlan.scan(tmp, "t")).isInstanceOf(IOException.class)
                .hasMessageContaining(tmp.resolve("d/pipe") + " is a fifo").hasMessageContaining("compares restored trees");
    }

    @Test
    void aNameThatDoesNotDecodeIsRefused() throws Exception {
        Files.writeString(tmp.resolve("fine"), "ok");
        assumeTrue(shell("printf x > \"$(printf 'caf\\351')\""), "sh cannot make the name");
        assertThatThrownBy(() -> TreePlan.scan(tmp, "t")).isInstanceOf(IOException.class)
                .hasMessageContaining("does not survive this JVM's decoding of file names");
    }

    private boolean shell(String script) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder("sh", "-c", script).directory(tmp.toFile()).inheritIO().start().waitFor() == 0;
        } catch (IOException noShell) {
            return false;
        }
    }
}
