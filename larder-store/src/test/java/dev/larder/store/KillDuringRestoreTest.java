package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a restore (in a child JVM) at random moments, several rounds into one target.
 * After every kill: every file that looks restored (a catalog name with the catalog's size and
 * mtime, which is what an incremental restore trusts) holds exactly its content, and the store is
 * byte-for-byte untouched. A re-run then makes the target equal to the catalog, with no temp
 * files left.
 */
class KillDuringRestoreTest {
    /** Rounds; even ones start from an empty target, odd ones from a damaged complete one. */
    /** 4 in CI; scripts/soak.sh asks for more with {@code -Dlarder.kill.rounds=N}. */
    private static final int ROUNDS = Integer.getInteger("larder.kill.rounds", 4);

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws IOException {
        TreeFixture.makeDeletable(tmp);
    }

    @Test
    void killedRestoresLeaveOnlyCompleteFilesAndAReRunFinishesTheJob() throws Exception {
        Random rnd = new Random(77);
        Path src = tmp.resolve("src");
        TreeFixture.randomTree(src, rnd, 2500, true);
        CrashChecks.incompressibleTree(src.resolve("bulk"), rnd, 200, 6 << 20, 3 << 20);
        Path root = tmp.resolve("store");
        ContentStore store = ContentStore.open(root);
        String id = store.snapshot(src, null, false, null).catalogId().hex();
        Map<String, String> want = TreeFixture.describe(src);
        Map<String, CatalogEntry> files = filesByPath(store.entries(id));
        long fullRestoreNs = timedRestore(store, id, tmp.resolve("calibration"));
        Map<String, String> storeBefore = CrashChecks.fingerprint(root);
        Path out = tmp.resolve("out");
        int interrupted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            damage(out, round, rnd);
            for (int kill = 0; kill < 2; kill++) { // the second kill lands on what the first left
                long delayNs = (long) (fullRestoreNs * (0.05 + 0.85 * rnd.nextDouble()));
                if (killRestore(root, id, out, delayNs)) interrupted++;
                assertFilesThatLookRestoredAre(out, files);
                assertThat(CrashChecks.fingerprint(root)).as("store untouched by restore").isEqualTo(storeBefore);
            }
            RestoreResult r = store.restore(id, out, false, null);
            assertThat(r.errors()).isEmpty();
            assertThat(CrashChecks.restoreTempFiles(out)).isEmpty();
            assertThat(TreeFixture.describe(out)).isEqualTo(want);
            assertThat(store.restore(id, out, false, null).filesWritten()).as("a second re-run has nothing to do").isZero();
        }
        CrashChecks.assertStoreHealthy(root);
        assertThat(CrashChecks.fingerprint(root)).isEqualTo(storeBefore);
        System.out.printf("restore: %d kills landed mid-operation%n", interrupted);
        assertThat(interrupted).as("kills that landed mid-restore").isPositive();
    }

    private static boolean killRestore(Path root, String id, Path out, long delayNs) throws Exception {
        try (StoreChildProcess child = StoreChildProcess.start("restore", root.toString(), id, out.toString())) {
            child.go();
            long killAtNs = System.nanoTime() + delayNs;
            return child.killWhen(() -> System.nanoTime() >= killAtNs);
        }
    }

    /** Even rounds: no target. Odd rounds: a restored target with half its files gone, an extra and a stale temp. */
    private static void damage(Path out, int round, Random rnd) throws IOException {
        if (!Files.exists(out)) return;
        TreeFixture.makeDeletable(out);
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (round % 2 == 0 ? !p.equals(out) : !dir && rnd.nextBoolean()) Files.delete(p);
            }
        }
        if (round % 2 == 0) return;
        Files.writeString(out.resolve("extra-not-in-catalog"), "extra");
        Files.writeString(out.resolve(".larder-0123456789abcdef.tmp"), "stale temp");
    }

    /**
     * Every regular file at a catalog file's path with that entry's size and mtime holds exactly
     * its content. Others (a new file cut short, still with the time it was made) are replaced by
     * the re-run, as are temp files and extras.
     */
    private static void assertFilesThatLookRestoredAre(Path out, Map<String, CatalogEntry> files) throws IOException {
        if (!Files.exists(out)) return;
        try (Stream<Path> all = Files.walk(out)) {
            all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                CatalogEntry e = files.get(out.relativize(p).toString());
                if (e == null) return;
                try {
                    BasicFileAttributes now = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (now.size() != e.size() || now.lastModifiedTime().to(TimeUnit.NANOSECONDS) != e.mtimeNs()) return;
                    byte[] data = Files.readAllBytes(p);
                    assertThat(ContentId.hash(data, 0, data.length)).as("content of %s after kill", p).isEqualTo(e.contentId());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private static Map<String, CatalogEntry> filesByPath(List<CatalogEntry> entries) {
        Map<String, CatalogEntry> out = new HashMap<>();
        for (CatalogEntry e : entries) if (e.kind() == EntryKind.FILE) out.put(e.pathString(), e);
        return out;
    }

    private static long timedRestore(ContentStore store, String id, Path target) throws IOException {
        long startNs = System.nanoTime();
        assertThat(store.restore(id, target, false, null).errors()).isEmpty();
        return System.nanoTime() - startNs;
    }
}
