package dev.larder.store.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Counts files and bytes and, if given a sink, reports them about once a second from a daemon thread. */
public final class ProgressTicker implements AutoCloseable {
    /** Interval between progress lines. Default: 1 s, frequent enough to show life, rare enough to read. */
    static final long INTERVAL_MS = 1000;

    public final AtomicLong files = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    private final Thread thread;

    public ProgressTicker(String verb, long totalFiles, long totalBytes, Consumer<String> sink) {
        if (sink == null) {
            thread = null;
            return;
        }
        long startNs = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("larder-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(INTERVAL_MS);
                    double secs = (System.nanoTime() - startNs) / 1e9;
                    long b = bytes.get();
                    double rate = b / secs / 1e6;
                    String eta = rate > 0 && totalBytes > b ? " eta %.0fs".formatted((totalBytes - b) / 1e6 / rate) : "";
                    sink.accept("%s: %d/%d files, %.1f/%.1f MB, %.1f MB/s%s".formatted(
                            verb, files.get(), totalFiles, b / 1e6, totalBytes / 1e6, rate, eta));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        if (thread != null) thread.interrupt();
    }
}
