package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWriterTest {
    private static final TreeShape SMALL = new TreeShape("deps", 300, 200, 20 * 1024, 2, 70_000, 200_000, 5, 70, 11);

    @TempDir
    Path tmp;

    @Test
    void writingTheSamePlanTwiceGivesIdenticalTrees() throws Exception {
        TreePlan plan = TreePlan.of(SMALL);
        new TreeWriter().write(plan, tmp.resolve("a"));
        new TreeWriter().write(plan, tmp.resolve("b"));
        assertThat(digests(tmp.resolve("a"))).isEqualTo(digests(tmp.resolve("b"))).hasSize(plan.entries().size());
        TreeCheck.requireSameShape(tmp.resolve("a"), tmp.resolve("b"));
    }

    @Test
    void filesHaveThePlannedSizesModesAndLinks() throws Exception {
        TreePlan plan = TreePlan.of(SMALL);
        Path root = tmp.resolve("t");
        new TreeWriter().write(plan, root);
        for (PlannedEntry e : plan.entries()) {
            Path p = root.resolve(e.path());
            if (e.isSymlink()) {
                assertThat(Files.readSymbolicLink(p).toString()).isEqualTo(e.linkTarget());
                assertThat(p).isRegularFile(); // resolves inside the tree
            } else {
                assertThat(Files.size(p)).isEqualTo(e.sizeBytes());
                assertThat(Files.isExecutable(p)).isEqualTo(e.executable());
            }
        }
    }

    @Test
    void textContentCompressesAndRandomContentDoesNot() {
        var writer = new TreeWriter();
        int len = 1 << 16;
        byte[] text = writer.fill(true, new java.util.SplittableRandom(1), len).clone();
        byte[] random = writer.fill(false, new java.util.SplittableRandom(1), len).clone();
        assertThat(deflatedSize(text)).isBetween(len / 8, len / 2);
        assertThat(deflatedSize(random)).isGreaterThan(len * 99 / 100);
    }

    @Test
    void editChangesOnePercentOfFilesInSizeAndContentOnly() throws Exception {
        TreePlan before = TreePlan.of(SMALL);
        Path root = tmp.resolve("e");
        new TreeWriter().write(before, root);
        Map<String, String> old = digests(root);
        TreePlan after = TreeEditor.edit(before, 1);
        assertThat(after).isEqualTo(TreeEditor.edit(before, 1)).isNotEqualTo(TreeEditor.edit(before, 2));
        var changed = TreeEditor.apply(before, after, root);
        assertThat(changed).hasSize(3); // 1% of 302 files
        Map<String, String> now = digests(root);
        long differing = old.keySet().stream().filter(k -> !old.get(k).equals(now.get(k))).count();
        assertThat(differing).isEqualTo(3);
        for (PlannedEntry e : changed) assertThat(Files.size(root.resolve(e.path()))).isEqualTo(e.sizeBytes());
    }

    @Test
    void changedCountIsOnePercentAndAtLeastOne() {
        assertThat(TreeEditor.changedCount(0)).isZero();
        assertThat(TreeEditor.changedCount(4)).isEqualTo(1);
        assertThat(TreeEditor.changedCount(30_000)).isEqualTo(300);
    }

    private static int deflatedSize(byte[] data) {
        var deflater = new java.util.zip.Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length * 2];
        int n = deflater.deflate(out);
        deflater.end();
        return n;
    }

    private static Map<String, String> digests(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
