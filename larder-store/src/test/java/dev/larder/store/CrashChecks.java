package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What every crash and race test checks afterwards, plus trees of new (incompressible) content. */
final class CrashChecks {
    private CrashChecks() {}

    /** The store opens, verify re-hashes every blob cleanly and every catalog reads. */
    static ContentStore assertStoreHealthy(Path root) throws IOException {
        ContentStore store = ContentStore.open(root);
        assertThat(store.verify(null).corrupt()).as("verify of %s", root).isEmpty();
        assertThat(store.list()).allSatisfy(c -> assertThat(c.entries()).isPositive());
        return store;
    }

    /** Restore's temp files ({@code .larder-<hex>.tmp}) anywhere under {@code target}. */
    static List<String> restoreTempFiles(Path target) throws IOException {
        try (Stream<Path> all = Files.walk(target)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\.larder-[0-9a-f]+\\.tmp")).toList();
        }
    }

    /** Relative path to "size mtime" of every file in the store: equal before and after means untouched. */
    static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toInstant());
            }
        }
        return out;
    }

    /** Bytes in the store's segments now; what a snapshot has appended so far. */
    static long segmentBytes(Path root) {
        try (Stream<Path> segs = Files.list(root.resolve("blobs"))) {
            long sum = 0;
            for (Path p : segs.toList()) sum += Files.size(p);
            return sum;
        } catch (IOException e) {
            return 0; // a segment may vanish under gc; the poll simply tries again
        }
    }

    /**
     * Writes {@code files} small random files plus one file per entry of {@code bigFileBytes}
     * under {@code dir}; random bytes do not compress, so stored bytes track raw bytes. Returns
     * the raw bytes written.
     */
    static long incompressibleTree(Path dir, Random rnd, int files, int... bigFileBytes) throws IOException {
        long total = 0;
        for (int i = 0; i < files; i++) {
            Path sub = dir.resolve("d" + (i % 17));
            Files.createDirectories(sub);
            byte[] data = new byte[rnd.nextInt(48_000)];
            rnd.nextBytes(data);
            Files.write(sub.resolve("f" + i), data);
            total += data.length;
        }
        for (int i = 0; i < bigFileBytes.length; i++) {
            byte[] data = new byte[bigFileBytes[i]];
            rnd.nextBytes(data);
            Files.write(dir.resolve("big" + i + ".bin"), data);
            total += data.length;
        }
        return total;
    }
}
