package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up under a snapshot or a restore, made real by the child process's file-size
 * limit (prlimit(1)): a write past it fails with EFBIG, where a full filesystem fails it with
 * ENOSPC, through the same paths. The operation fails with an error that names the cause, the
 * store stays consistent (no catalog, verify finds nothing wrong), and re-running the operation
 * with room completes it.
 */
class FullDiskTest {
    private static final long LIMIT_BYTES = 1 << 20;

    @TempDir
    Path tmp;

    Path src;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        src = Files.createDirectories(tmp.resolve("src/sub"));
        Random random = new Random(11);
        for (int i = 0; i < 6; i++) Files.write(src.resolve("part-" + i), incompressible(random, 512 << 10));
        Files.write(src.resolve("large"), incompressible(random, 3 << 20)); // larger than the limit on its own
        Files.writeString(src.resolve("small"), "small");
        src = tmp.resolve("src");
        root = tmp.resolve("store");
        ContentStore.open(root);
    }

    @Test
    void aSnapshotThatRunsOutOfSpaceFailsClearlyAndLeavesTheStoreConsistent() throws Exception {
        try (StoreChildProcess child = StoreChildProcess.startWithFileSizeLimit(LIMIT_BYTES, "snapshot", root.toString(), src.toString(), "full")) {
            child.go();
            assertThat(child.awaitFailure()).contains("cannot write the store's " + root.resolve("blobs")).contains("File too large");
        }
        ContentStore store = ContentStore.open(root);
        assertThat(store.list()).as("no catalog from the failed snapshot").isEmpty();
        assertThat(store.verify(null).corrupt()).isEmpty();

        SnapshotResult again = store.snapshot(src, "full", false, null);

        assertThat(again.skipped()).isEmpty();
        assertThat(store.verify(null).corrupt()).isEmpty();
        Path out = tmp.resolve("out");
        assertThat(store.restore("full", out, false, null).errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }

    @Test
    void aRestoreThatRunsOutOfSpaceFailsClearlyAndARerunCompletesIt() throws Exception {
        ContentStore store = ContentStore.open(root);
        String id = store.snapshot(src, null, false, null).catalogId().hex();
        Path out = tmp.resolve("out");

        try (StoreChildProcess child = StoreChildProcess.startWithFileSizeLimit(LIMIT_BYTES, "restore", root.toString(), id, out.toString())) {
            child.go();
            assertThat(child.awaitFailure()).contains("sub/large: File too large");
        }
        DiffResult left = store.diff(id, out);
        assertThat(java.util.stream.Stream.concat(left.missing().stream(), left.changed().stream()))
                .as("the file cut short never passes for restored").contains("sub/large");

        RestoreResult rerun = store.restore(id, out, false, null);

        assertThat(rerun.errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
        assertThat(store.verify(null).corrupt()).isEmpty();
    }

    private static byte[] incompressible(Random random, int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return data;
    }
}
