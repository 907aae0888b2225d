package dev.larder.store.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Idle native contexts (zstd), handed to one caller at a time and reused. Creating a zstd
 * context allocates and initialises its tables, which costs more than compressing a typical
 * small file; a pool holds at most as many contexts as callers ever ran at once. Closing the
 * pool frees them; callers must be done by then.
 */
final class ContextPool<T extends AutoCloseable> implements AutoCloseable {
    private final Supplier<T> factory;
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();

    ContextPool(Supplier<T> factory) {
        this.factory = factory;
    }

    /** Runs {@code use} with a context no other thread holds meanwhile. */
    <R> R with(Function<T, R> use) {
        T ctx = idle.poll();
        if (ctx == null) ctx = factory.get();
        try {
            return use.apply(ctx);
        } finally {
            idle.offer(ctx);
        }
    }

    @Override
    public void close() {
        for (T ctx; (ctx = idle.poll()) != null; ) {
            try {
                ctx.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a native context failed", e);
            }
        }
    }
}
