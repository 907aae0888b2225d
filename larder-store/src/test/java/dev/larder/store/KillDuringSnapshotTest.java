package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a snapshot (in a child JVM) at random points, several rounds on one store with
 * history. After every kill the store must open, verify clean and keep its name on a complete
 * catalog; the re-run must succeed and restore to exactly the source tree.
 */
class KillDuringSnapshotTest {
    /** Rounds; each adds new content so the killed snapshot has blobs to append. */
    /** 4 in CI; scripts/soak.sh asks for more with {@code -Dlarder.kill.rounds=N}. */
    private static final int ROUNDS = Integer.getInteger("larder.kill.rounds", 4);

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void killedSnapshotsLeaveAConsistentStoreAndReRunsRestoreTheTree() throws Exception {
        Random rnd = new Random(20_240_605);
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src.resolve("base"), rnd, 1500, true);
        Path root = tmp.resolve("store");
        ContentStore.open(root).snapshot(src, "src", false, null); // history the kills must not damage
        Set<ContentId> published = new HashSet<>(ids(root));
        int interrupted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long newBytes = CrashChecks.incompressibleTree(src.resolve("round-" + round), rnd, 300, 6 << 20, 1 << 20);
            // Round 0 dies in the walk/hash phase; later rounds once a random share of the new bytes is appended.
            long threshold = round == 0 ? 0 : (long) (newBytes * (0.05 + 0.75 * rnd.nextDouble()));
            for (int kill = 0; kill <= round % 2; kill++) { // odd rounds kill twice: a crash on top of a torn tail
                if (killSnapshot(root, src, threshold >> kill)) interrupted++;
                CrashChecks.assertStoreHealthy(root);
                assertThat(ContentStore.open(root).entries("src")).as("the name still reads").isNotEmpty();
            }
            report(round, root);
            SnapshotResult rerun = ContentStore.open(root).snapshot(src, "src", false, null);
            assertThat(rerun.skipped()).isEmpty();
            assertThat(rerun.changedWhileReading()).isEmpty();
            published.add(rerun.catalogId());
            assertThat(ids(root)).as("a killed snapshot publishes a complete catalog or none").isSubsetOf(published);
            assertRestoresTo(root, rerun.catalogId(), src, tmp.resolve("out-" + round));
        }
        CrashChecks.assertStoreHealthy(root);
        System.out.printf("snapshot: %d kills landed mid-operation%n", interrupted);
        assertThat(interrupted).as("kills that landed mid-snapshot").isPositive();
    }

    /** Runs a snapshot in a child and SIGKILLs it once {@code thresholdBytes} more are in segments. */
    private static boolean killSnapshot(Path root, Path src, long thresholdBytes) throws Exception {
        try (StoreChildProcess child = StoreChildProcess.start("snapshot", root.toString(), src.toString(), "src")) {
            long before = CrashChecks.segmentBytes(root);
            child.go();
            return child.killWhen(() -> CrashChecks.segmentBytes(root) - before >= thresholdBytes);
        }
    }

    private static void assertRestoresTo(Path root, ContentId id, Path src, Path out) throws IOException {
        RestoreResult r = ContentStore.open(root).restore(id.hex(), out, false, null);
        assertThat(r.errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }

    private static List<ContentId> ids(Path root) throws IOException {
        return ContentStore.open(root).list().stream().map(CatalogInfo::id).toList();
    }

    /** What a crash left behind, for the log: torn segments are expected, temp files are leaks. */
    private static void report(int round, Path root) throws IOException {
        try (Stream<Path> cats = Files.list(root.resolve("catalogs")); Stream<Path> segs = Files.list(root.resolve("blobs"))) {
            System.out.printf("round %d: segments %d, catalog-dir files %s%n", round, segs.count(),
                    cats.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
        }
    }
}
