package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * gc against a model: after random snapshots under random names, new versions of some trees and
 * removals of some names, gc keeps exactly the catalogs still listed, every one of them restores
 * to the tree it was taken of, verify finds nothing wrong, and a second gc drops nothing.
 */
class GcProperties {
    @Property(tries = 12)
    void gcNeverDropsWhatARemainingCatalogNeeds(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int trees,
                                                @ForAll @IntRange(min = 0, max = 4) int versions) throws IOException {
        Path scratch = Files.createTempDirectory("gc-properties");
        try {
            Random rnd = new Random(seed);
            ContentStore store = ContentStore.open(scratch.resolve("store"));
            Map<ContentId, Map<String, String>> model = new HashMap<>(); // every catalog made: the tree it describes
            Map<String, ContentId> named = new HashMap<>(); // each name's last catalog
            for (int t = 0; t < trees; t++) {
                Path tree = scratch.resolve("tree" + t);
                TreeFixture.randomTree(tree, new Random(rnd.nextLong()), 25, false);
                snapshot(store, tree, "name" + t, model, named);
            }
            for (int v = 0; v < versions; v++) { // a new version of a random tree, under its name
                int t = rnd.nextInt(trees);
                Path tree = scratch.resolve("tree" + t);
                Files.writeString(tree.resolve("version-" + v), "version " + v + " of tree " + t + " " + rnd.nextLong());
                snapshot(store, tree, "name" + t, model, named);
            }
            Set<ContentId> expected = new HashSet<>(model.keySet());
            for (String name : List.copyOf(named.keySet())) {
                if (!rnd.nextBoolean()) continue;
                store.remove(name);
                ContentId gone = named.remove(name);
                if (!named.containsValue(gone)) expected.remove(gone); // a catalog goes with the last name on it
            }

            GcResult gc = store.gc();
            assertThat(gc.bytesAfter()).isLessThanOrEqualTo(gc.bytesBefore());
            assertThat(store.verify(null).ok()).isTrue();
            List<CatalogInfo> left = store.list();
            assertThat(left).extracting(CatalogInfo::id).containsExactlyInAnyOrderElementsOf(expected);
            for (CatalogInfo catalog : left) {
                Path out = scratch.resolve("out-" + catalog.id().hex());
                assertThat(store.restore(catalog.id().hex(), out, false, null).errors()).as("restore of %s", catalog.id()).isEmpty();
                assertThat(TreeFixture.describe(out)).isEqualTo(model.get(catalog.id()));
            }
            assertThat(store.gc().droppedBlobs()).as("a second gc").isZero();
        } finally {
            delete(scratch);
        }
    }

    private static void snapshot(ContentStore store, Path tree, String name, Map<ContentId, Map<String, String>> model,
                                 Map<String, ContentId> named) throws IOException {
        ContentId id = store.snapshot(tree, name, false, null).catalogId();
        model.put(id, TreeFixture.describe(tree));
        named.put(name, id);
    }

    private static void delete(Path root) throws IOException {
        TreeFixture.makeDeletable(root);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
