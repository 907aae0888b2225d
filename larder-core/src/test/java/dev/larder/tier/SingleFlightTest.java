package dev.larder.tier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.cache.Codecs;
import dev.larder.cache.HybridCache;
import dev.larder.cache.Larder;
import dev.larder.disk.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads through the cache are single-flight per key: concurrent misses run the loader once and
 * all get its value or its exception; a failure is not remembered; a waiter gives up after the
 * load timeout while the loader goes on; byte[] keys with equal contents share one load.
 */
class SingleFlightTest {
    private static final int THREADS = 16;
    private static final long WAIT_MS = 10_000;

    @TempDir Path dir;

    private HybridCache<String, String> open(Duration loadTimeout) throws IOException {
        return Larder.newBuilder(Codecs.utf8(), Codecs.utf8()).diskPath(dir.resolve("cache.dat"))
                .diskCapacityBytes(16 << 20).diskGeometry(4096, 256 << 10).durability(Durability.NONE)
                .loadTimeout(loadTimeout).build();
    }

    /** Outcome of one caller: its value or its exception. */
    private record Outcome(Object value, Throwable failure) {}

    /** Starts {@code count} platform threads calling {@code call}; each records its outcome. */
    private static List<Thread> callers(int count, AtomicReferenceArray<Outcome> outcomes, Function<Integer, Object> call) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("caller-" + i).start(() -> {
                try {
                    outcomes.set(index, new Outcome(call.apply(index), null));
                } catch (Throwable t) {
                    outcomes.set(index, new Outcome(null, t));
                }
            }));
        }
        return threads;
    }

    /**
     * Waits until every thread is parked (the loader on its latch, the others on the load in
     * flight), seen twice 20 ms apart so that a thread passing through a lock does not count.
     */
    private static void awaitAllParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        int parkedSamples = 0;
        while (System.nanoTime() < deadline) {
            boolean parked = threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
            parkedSamples = parked ? parkedSamples + 1 : 0;
            if (parkedSamples == 2) return;
            Thread.sleep(20);
        }
        throw new AssertionError("callers did not all park within " + WAIT_MS + " ms");
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(WAIT_MS);
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
    }

    @Test
    void concurrentMissesRunTheLoaderOnceAndShareItsValue() throws Exception {
        try (HybridCache<String, String> cache = open(Duration.ofSeconds(30))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            Function<String, String> loader = key -> {
                calls.incrementAndGet();
                await(release);
                return "loaded:" + key;
            };
            var outcomes = new AtomicReferenceArray<Outcome>(THREADS);
            List<Thread> threads = callers(THREADS, outcomes, i -> cache.get("k", loader));
            awaitAllParked(threads);
            release.countDown();
            joinAll(threads);

            assertThat(calls).as("loader calls").hasValue(1);
            for (int i = 0; i < THREADS; i++) {
                assertThat(outcomes.get(i).failure()).as("caller %d failed", i).isNull();
                assertThat(outcomes.get(i).value()).as("caller %d", i).isEqualTo("loaded:k");
            }
            assertThat(cache.getIfPresent("k")).as("the loaded value is stored").isEqualTo("loaded:k");
            var stats = cache.stats();
            assertThat(stats.loads()).isEqualTo(1);
            assertThat(stats.loadFailures()).isZero();
            assertThat(stats.averageLoadTimeNs()).as("the load took the latch wait").isPositive();
        }
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndIsNotRemembered() throws Exception {
        try (HybridCache<String, String> cache = open(Duration.ofSeconds(30))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            Function<String, String> failing = key -> {
                calls.incrementAndGet();
                await(release);
                throw new IllegalStateException("backend down for " + key);
            };
            var outcomes = new AtomicReferenceArray<Outcome>(THREADS);
            List<Thread> threads = callers(THREADS, outcomes, i -> cache.get("k", failing));
            awaitAllParked(threads);
            release.countDown();
            joinAll(threads);

            assertThat(calls).as("loader calls").hasValue(1);
            for (int i = 0; i < THREADS; i++) {
                assertThat(outcomes.get(i).failure()).as("caller %d", i)
                        .isInstanceOf(IllegalStateException.class).hasMessage("backend down for k");
            }
            assertThat(cache.getIfPresent("k")).as("nothing stored").isNull();
            assertThat(cache.stats().loadFailures()).isEqualTo(1);

            assertThat(cache.get("k", key -> "second try")).as("the next get loads again").isEqualTo("second try");
            assertThat(calls).as("the failing loader is not called again").hasValue(1);
            assertThat(cache.stats().loads()).isEqualTo(2);
            assertThat(cache.stats().loadFailures()).isEqualTo(1);
        }
    }

    @Test
    void waitersGiveUpOnAHungLoadAfterTheTimeout() throws Exception {
        long timeoutMs = 200;
        try (HybridCache<String, String> cache = open(Duration.ofMillis(timeoutMs))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch loading = new CountDownLatch(1);
            var ownerOutcome = new AtomicReferenceArray<Outcome>(1);
            List<Thread> owner = callers(1, ownerOutcome, i -> cache.get("k", key -> {
                loading.countDown();
                await(release); // hangs until the end of the test
                return "late";
            }));
            assertThat(loading.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("the load started").isTrue();

            int waiters = 4;
            var outcomes = new AtomicReferenceArray<Outcome>(waiters);
            long startNs = System.nanoTime();
            List<Thread> threads = callers(waiters, outcomes, i -> cache.get("k", key -> "never called"));
            joinAll(threads);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            for (int i = 0; i < waiters; i++) {
                assertThat(outcomes.get(i).failure()).as("waiter %d", i)
                        .isInstanceOf(SingleFlight.LoadTimeoutException.class)
                        .hasCauseInstanceOf(TimeoutException.class);
            }
            assertThat(elapsedMs).as("waiters waited the timeout, not much longer").isBetween(timeoutMs, timeoutMs + 5_000);
            assertThat(owner.getFirst().isAlive()).as("the loader is still running").isTrue();

            release.countDown();
            joinAll(owner);
            assertThat(ownerOutcome.get(0).value()).as("the hung loader's own caller").isEqualTo("late");
            assertThat(cache.getIfPresent("k")).isEqualTo("late");
            assertThat(cache.stats().loads()).isEqualTo(1);
        }
    }

    @Test
    void aLoaderReturningNullStoresNothing() throws Exception {
        try (HybridCache<String, String> cache = open(Duration.ofSeconds(30))) {
            AtomicInteger calls = new AtomicInteger();
            assertThat(cache.get("k", key -> {
                calls.incrementAndGet();
                return null;
            })).isNull();
            assertThat(cache.getIfPresent("k")).isNull();
            assertThat(cache.get("k", key -> "found")).isEqualTo("found");
            assertThat(calls).hasValue(1);
            assertThat(cache.stats().loads()).isEqualTo(2);
        }
    }

    @Test
    void byteArrayKeysWithEqualContentsShareOneLoad() throws Exception {
        try (HybridCache<byte[], byte[]> cache = Larder.newBuilder().diskPath(dir.resolve("bytes.dat"))
                .diskCapacityBytes(16 << 20).diskGeometry(4096, 256 << 10).durability(Durability.NONE).build()) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            var outcomes = new AtomicReferenceArray<Outcome>(THREADS);
            List<Thread> threads = callers(THREADS, outcomes, i -> cache.get("k".getBytes(UTF_8), key -> { // a new array each
                calls.incrementAndGet();
                await(release);
                return "v".getBytes(UTF_8);
            }));
            awaitAllParked(threads);
            release.countDown();
            joinAll(threads);
            assertThat(calls).hasValue(1);
            for (int i = 0; i < THREADS; i++) assertThat((byte[]) outcomes.get(i).value()).as("caller %d", i).isEqualTo("v".getBytes(UTF_8));
            assertThat(cache.getIfPresent("k".getBytes(UTF_8))).isEqualTo("v".getBytes(UTF_8));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_MS, TimeUnit.MILLISECONDS)) throw new IllegalStateException("test never released the loader");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
