package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aliases reach the entries the long paths name, a whole subtree shares a few descriptors, and
 * every descriptor is closed with the instance. The tree is made by the shell, one short cd at a time.
 */
class LongPathsUnitTest {
    private static final int DEPTH = 30; // 30 names of 204 bytes: 6,150 bytes below the root
    private static final int SIBLINGS = 40;

    @TempDir
    Path tmp;

    @AfterEach
    void removeDeepTree() throws Exception {
        Shell.run(tmp, "rm -rf deep");
    }

    @Test
    void aDeepSubtreeIsReachedThroughAFewDescriptorsAllClosedAtTheEnd() throws Exception {
        Shell.run(tmp, "mkdir deep && cd deep && for i in $(seq -w 1 " + DEPTH + "); do d=\"d${i}_$(printf '%0200d' 0)\"; mkdir \"$d\"; cd \"$d\"; done\n"
                + "for s in $(seq 1 " + SIBLINGS + "); do mkdir \"s$s\" && printf \"file $s\" > \"s$s/f\"; done\n");
        Path bottom = tmp.resolve("deep");
        for (int i = 1; i <= DEPTH; i++) bottom = bottom.resolve(String.format("d%02d_%s", i, "0".repeat(200)));
        long before = openDescriptors();

        try (LongPaths paths = LongPaths.open()) {
            for (int s = 1; s <= SIBLINGS; s++) {
                Path file = bottom.resolve("s" + s).resolve("f");
                assertThat(RawNames.bytes(file).length).isGreaterThan(4096);
                Path reached = paths.reachable(file);
                assertThat(RawNames.bytes(reached).length).isLessThanOrEqualTo(LongPaths.LIMIT);
                assertThat(Files.readString(reached)).isEqualTo("file " + s);
            }
            Path relative = Path.of("").toAbsolutePath().relativize(bottom.resolve("s1/f"));
            assertThat(Files.readString(paths.reachable(relative))).isEqualTo("file 1");
            assertThat(paths.descriptors()).as("one per ~4 KB of depth, shared by the subtree").isBetween(1, 3);
            assertThat(openDescriptors()).isEqualTo(before + paths.descriptors());
        }

        assertThat(openDescriptors()).as("all closed with the instance").isEqualTo(before);
    }

    @Test
    void shortPathsAndDisabledInstancesAreLeftAsTheyAre() throws IOException {
        Path shortPath = tmp.resolve("x");
        Path longPath = tmp.resolve("y/".repeat(2100) + "z");
        try (LongPaths paths = LongPaths.open()) {
            assertThat(paths.reachable(shortPath)).isSameAs(shortPath);
        }
        assertThat(LongPaths.NONE.reachable(longPath)).isSameAs(longPath);
    }

    /** This process's descriptors of entries in the test's directory (others may come and go with the JVM's own work). */
    private long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(tmp);
                } catch (IOException e) {
                    return false; // closed since the listing, or the listing's own
                }
            }).count();
        }
    }
}
