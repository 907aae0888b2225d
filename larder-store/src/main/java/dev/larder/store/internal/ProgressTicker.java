package dev.larder.store.internal;

import dev.larder.store.Progress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts files and bytes and, if given a sink, reports them every {@link #INTERVAL_MS} from a daemon
 * thread, and once more (finished) on close. Renderers choose how often to show them.
 */
public final class ProgressTicker implements AutoCloseable {
    /** Often enough for a smooth terminal bar; plain-line renderers skip most ticks. */
    static final long INTERVAL_MS = 100;

    public final AtomicLong files = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    private final String operation;
    private final long totalFiles;
    private final long totalBytes;
    private final Consumer<Progress> sink;
    private final long startNs = System.nanoTime();
    private final Thread thread;

    public ProgressTicker(String operation, long totalFiles, long totalBytes, Consumer<Progress> sink) {
        this.operation = operation;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.sink = sink;
        if (sink == null) {
            thread = null;
            return;
        }
        thread = Thread.ofPlatform().daemon().name("larder-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(INTERVAL_MS);
                    sink.accept(now(false));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private Progress now(boolean finished) {
        return new Progress(operation, files.get(), totalFiles, bytes.get(), totalBytes, System.nanoTime() - startNs, finished);
    }

    /** Stops the ticks and reports the final counts. */
    @Override
    public void close() {
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.accept(now(true));
    }
}
