package dev.larder.engine;

import dev.larder.io.Device;
import dev.larder.io.IoStats;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Device} that delegates to a real one until told to fail: {@link #failWrites} makes
 * every later {@code write} throw without touching the file, {@link #failSyncs} makes every later
 * {@code sync} throw after the data was written (as a failed {@code fdatasync} does),
 * {@link #failReads} makes positional reads throw while set (mapped reads do not come here), and
 * {@link #holdNextWrite} parks the next write until released so a test can line up waiters.
 */
final class FaultyDevice implements Device {
    static final String ENOSPC = "No space left on device";
    static final String EIO = "Input/output error";

    private final Device delegate;
    private volatile boolean failWrites;
    private volatile boolean failSyncs;
    private volatile boolean failReads;
    private volatile CountDownLatch held;
    private final CountDownLatch writeParked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    FaultyDevice(Device delegate) {
        this.delegate = delegate;
    }

    void failWrites() {
        failWrites = true;
    }

    void failSyncs() {
        failSyncs = true;
    }

    void failReads(boolean fail) {
        failReads = fail;
    }

    /** The next write waits (and then succeeds) until {@link #releaseHeldWrite()}. */
    void holdNextWrite() {
        held = release;
    }

    /** Waits until the held write has started and is parked. */
    boolean awaitWriteParked(long timeoutMs) throws InterruptedException {
        return writeParked.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    void releaseHeldWrite() {
        release.countDown();
    }

    @Override
    public void read(ByteBuffer dst, long position) throws IOException {
        if (failReads) throw new IOException(EIO);
        delegate.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        CountDownLatch gate = held;
        if (gate != null) {
            held = null;
            writeParked.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) throw new IOException("test never released the held write");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            delegate.write(src, position);
            return;
        }
        if (failWrites) throw new IOException(ENOSPC);
        delegate.write(src, position);
    }

    @Override
    public void sync() throws IOException {
        if (failSyncs) throw new IOException(ENOSPC);
        delegate.sync();
    }

    @Override
    public long sizeBytes() {
        return delegate.sizeBytes();
    }

    @Override
    public Optional<MemorySegment> mapping() {
        return delegate.mapping();
    }

    @Override
    public IoStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
