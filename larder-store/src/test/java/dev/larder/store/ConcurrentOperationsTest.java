package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot, gc, restore and rm racing on one store, each in its own JVM (the store lock is a
 * per-process file lock) and released together through {@link StoreChild}'s start barrier.
 * docs/store.md promises blocking locks (exclusive for snapshot/gc/rm, shared for restore), so
 * every operation must finish; none may corrupt the store or lose content a catalog needs —
 * in particular gc must keep what a concurrent snapshot's catalog references.
 */
class ConcurrentOperationsTest {
    /** Waves of racing processes; each snapshots new content while gc runs and rm drops the last wave's catalog. */
    private static final int WAVES = 3;

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void racingSnapshotGcRestoreAndRmAllFinishAndLoseNothing() throws Exception {
        Random rnd = new Random(5);
        Path a = tmp.resolve("a");
        TreeFixture.randomTree(a, rnd, 300, true);
        Path root = tmp.resolve("store");
        String idA = ContentStore.open(root).snapshot(a, null, false, null).catalogId().hex();
        String previousB = null;
        Path lastB = null;
        for (int wave = 0; wave < WAVES; wave++) {
            Path b = tmp.resolve("b" + wave);
            CrashChecks.incompressibleTree(b, rnd, 200, 2 << 20);
            Path aOut = tmp.resolve("a-out-" + wave);
            String idB = race(root, b, idA, aOut, previousB);

            ContentStore store = CrashChecks.assertStoreHealthy(root);
            assertThat(TreeFixture.describe(aOut)).as("restore that raced gc and snapshot").isEqualTo(TreeFixture.describe(a));
            assertRestoresTo(store, idB, b, tmp.resolve("b-out-" + wave));
            List<String> ids = store.list().stream().map(c -> c.id().hex()).toList();
            assertThat(ids).contains(idA, idB).doesNotContain(previousB == null ? "none" : previousB);
            previousB = idB;
            lastB = b;
        }
        ContentStore store = ContentStore.open(root);
        store.gc(); // whatever the races left unreferenced goes; what the catalogs need must stay
        CrashChecks.assertStoreHealthy(root);
        assertRestoresTo(store, idA, a, tmp.resolve("a-final"));
        assertRestoresTo(store, previousB, lastB, tmp.resolve("b-final"));
    }

    /** Starts snapshot, gc, restore and (after the first wave) rm, releases them together; returns the new catalog id. */
    private static String race(Path root, Path b, String idA, Path aOut, String removeId) throws Exception {
        List<StoreChildProcess> children = new ArrayList<>();
        try {
            children.add(StoreChildProcess.start("snapshot", root.toString(), b.toString(), "b"));
            children.add(StoreChildProcess.start("gc", root.toString()));
            children.add(StoreChildProcess.start("restore", root.toString(), idA, aOut.toString()));
            if (removeId != null) children.add(StoreChildProcess.start("rm", root.toString(), removeId));
            for (StoreChildProcess c : children) c.go();
            List<String> results = new ArrayList<>();
            for (StoreChildProcess c : children) results.add(c.awaitDone());
            return results.getFirst();
        } finally {
            for (StoreChildProcess c : children) c.close();
        }
    }

    private static void assertRestoresTo(ContentStore store, String id, Path src, Path out) throws IOException {
        RestoreResult r = store.restore(id, out, false, null);
        assertThat(r.errors()).isEmpty();
        assertThat(TreeFixture.describe(out)).isEqualTo(TreeFixture.describe(src));
    }
}
