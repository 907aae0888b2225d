package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TreePlanTest {

    @Test
    void sameShapeAndSeedGiveTheSamePlan() {
        assertThat(TreePlan.of(TreeShape.deps(2_000))).isEqualTo(TreePlan.of(TreeShape.deps(2_000)));
    }

    @Test
    void anotherSeedGivesAnotherPlan() {
        TreeShape shape = TreeShape.deps(500);
        TreeShape reseeded = new TreeShape("deps", shape.smallFiles(), shape.smallMinBytes(), shape.smallMaxBytes(),
                shape.largeFiles(), shape.largeMinBytes(), shape.largeMaxBytes(), shape.symlinks(), shape.compressiblePercent(), 7);
        assertThat(TreePlan.of(reseeded).entries()).isNotEqualTo(TreePlan.of(shape).entries());
    }

    @Test
    void depsTreeHasTheRequestedFilesMostlySmallWithAFewLargeAndSymlinks() {
        TreePlan plan = TreePlan.of(TreeShape.deps(30_000));
        List<PlannedEntry> files = plan.entries().stream().filter(e -> !e.isSymlink()).toList();
        assertThat(files).hasSize(30_000);
        assertThat(files.stream().filter(e -> e.sizeBytes() > 20 * 1024)).hasSize(4)
                .allSatisfy(e -> assertThat(e.sizeBytes()).isBetween(TreeShape.MIB, 20 * TreeShape.MIB));
        assertThat(files.stream().filter(e -> e.sizeBytes() <= 20 * 1024))
                .allSatisfy(e -> assertThat(e.sizeBytes()).isGreaterThanOrEqualTo(200));
        assertThat(plan.entries().size() - plan.fileCount()).isEqualTo(150);
        long compressible = files.stream().filter(PlannedEntry::compressible).count();
        assertThat(compressible).isBetween(20_000L, 22_000L);
    }

    @Test
    void pathsAreUniqueRelativeAndNested() {
        TreePlan plan = TreePlan.of(TreeShape.deps(5_000));
        var paths = new HashSet<String>();
        for (PlannedEntry e : plan.entries()) {
            assertThat(paths.add(e.path())).as("duplicate %s", e.path()).isTrue();
            assertThat(e.path()).startsWith("node_modules/").doesNotContain("..").doesNotStartWith("/");
        }
        assertThat(paths).anyMatch(p -> p.indexOf("/node_modules/") > 0);
    }

    @Test
    void symlinksPointAtExecutableFilesOfTheTree() {
        TreePlan plan = TreePlan.of(TreeShape.deps(3_000));
        var byPath = new java.util.HashMap<String, PlannedEntry>();
        plan.entries().forEach(e -> byPath.put(e.path(), e));
        for (PlannedEntry link : plan.entries().stream().filter(PlannedEntry::isSymlink).toList()) {
            String resolved = "node_modules/" + link.linkTarget().substring("../".length());
            assertThat(byPath.get(resolved)).isNotNull().extracting(PlannedEntry::executable).isEqualTo(true);
        }
    }

    @Test
    void largeTreeIsFourEqualFilesHalfCompressible() {
        TreePlan plan = TreePlan.of(TreeShape.large(false));
        assertThat(plan.entries()).hasSize(4).allSatisfy(e -> assertThat(e.sizeBytes()).isEqualTo(256 * TreeShape.MIB));
        assertThat(plan.entries().stream().filter(PlannedEntry::compressible)).hasSize(2);
        assertThat(TreePlan.of(TreeShape.large(true)).totalBytes()).isEqualTo(64 * TreeShape.MIB);
    }

    @Test
    void logUniformStaysWithinBounds() {
        SplittableRandom bounds = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            long min = bounds.nextLong(1 << 20);
            long max = min + (i % 10 == 0 ? 0 : bounds.nextLong(1 << 20));
            assertThat(TreePlan.logUniform(new SplittableRandom(i), min, max)).isBetween(min, max);
        }
    }
}
