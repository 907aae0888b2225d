package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryGateTest {
    @Test
    void aWriterWaitsForItsOwnParentOnly() throws Exception {
        DirectoryGate gate = new DirectoryGate(List.of("a", "a/b", "c"));
        CompletableFuture<Void> inB = CompletableFuture.runAsync(() -> gate.awaitParentOf("a/b/file"));
        gate.passed(0);
        Thread.sleep(100); // a slow machine only makes an early return less likely, never a late one
        assertThat(inB).isNotDone();
        gate.passed(1);
        inB.get(10, TimeUnit.SECONDS);

        gate.awaitParentOf("a/file"); // "a" was passed: at once
    }

    @Test
    void namesOutsideTheGatesDirectoriesPassAtOnce() {
        DirectoryGate gate = new DirectoryGate(List.of("a"));
        gate.awaitParentOf("top-level-file"); // in the target itself
        gate.awaitParentOf("unknown/file"); // a parent the restore does not make
        DirectoryGate.OPEN.awaitParentOf("a/file");
    }

    @Test
    void openingLetsEveryWriterGo() throws Exception {
        DirectoryGate gate = new DirectoryGate(List.of("a", "b"));
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (String name : List.of("a/x", "b/y", "b/z")) writers.add(CompletableFuture.runAsync(() -> gate.awaitParentOf(name)));
        gate.open(); // as after a failed mkdir: the writers go on and find no directory
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    /** Many writers on random parents of a random tree, the maker racing them: none gets through before its parent. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void noWriterPassesBeforeItsParent(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            dirs.add(dirs.isEmpty() || rnd.nextInt(4) == 0 ? "d" + i : dirs.get(rnd.nextInt(dirs.size())) + "/d" + i);
        }
        dirs.sort((x, y) -> Long.compare(x.chars().filter(c -> c == '/').count(), y.chars().filter(c -> c == '/').count())); // parents first
        DirectoryGate gate = new DirectoryGate(dirs);
        AtomicInteger made = new AtomicInteger(); // directories "made", counted before each is passed
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> early = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                long writerSeed = rnd.nextLong();
                early.add(writers.submit(() -> {
                    Random r = new Random(writerSeed);
                    int tooEarly = 0;
                    for (int k = 0; k < 500; k++) {
                        int place = r.nextInt(dirs.size());
                        gate.awaitParentOf(dirs.get(place) + "/file");
                        if (made.get() <= place) tooEarly++;
                    }
                    return tooEarly;
                }));
            }
            for (int i = 0; i < dirs.size(); i++) {
                made.incrementAndGet();
                gate.passed(i);
            }
            gate.open();
            for (Future<Integer> f : early) assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
        }
    }
}
