package dev.larder.tier;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * At most one load per key at a time: the first caller runs it, later callers wait for its
 * outcome (up to {@code timeout}), and a failure reaches every waiter without being remembered.
 */
final class SingleFlight<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final Duration timeout;

    SingleFlight(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs {@code load} for {@code key} unless another thread is already loading it; then waits for that. */
    V load(K key, Supplier<V> load) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) return await(key, theirs);
        try {
            V value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** True if a load of {@code key} is running now. */
    boolean loading(K key) {
        return inFlight.containsKey(key);
    }

    private V await(K key, CompletableFuture<V> future) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LoadTimeoutException("waited " + timeout + " for another thread's load of " + key, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a load of " + key, e);
        }
    }

    /** A waiter gave up on another thread's load. */
    static final class LoadTimeoutException extends RuntimeException {
        LoadTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
