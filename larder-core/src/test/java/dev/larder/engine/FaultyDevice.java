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
 * {@link #holdNextWrite} parks the next write until released so a test can line up waiters, and
 * {@link #holdNextSync} the next sync, as a slow {@code fdatasync}.
 */
final class FaultyDevice implements Device {
    static final String ENOSPC = "No space left on device";
    static final String EIO = "Input/output error";

    private final Device delegate;
    private volatile boolean failWrites;
    private volatile boolean failSyncs;
    private volatile boolean failReads;
    private final Hold writeHold = new Hold("write");
    private final Hold syncHold = new Hold("sync");

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
        writeHold.arm();
    }

    /** Waits until the held write has started and is parked. */
    boolean awaitWriteParked(long timeoutMs) throws InterruptedException {
        return writeHold.awaitParked(timeoutMs);
    }

    void releaseHeldWrite() {
        writeHold.release();
    }

    /** The next sync waits (and then succeeds) until {@link #releaseHeldSync()}, as a slow fdatasync. */
    void holdNextSync() {
        syncHold.arm();
    }

    boolean awaitSyncParked(long timeoutMs) throws InterruptedException {
        return syncHold.awaitParked(timeoutMs);
    }

    void releaseHeldSync() {
        syncHold.release();
    }

    @Override
    public void read(ByteBuffer dst, long position) throws IOException {
        if (failReads) throw new IOException(EIO);
        delegate.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        if (writeHold.parkIfArmed()) {
            delegate.write(src, position); // a held write succeeds whatever was set meanwhile
            return;
        }
        if (failWrites) throw new IOException(ENOSPC);
        delegate.write(src, position);
    }

    @Override
    public void sync() throws IOException {
        syncHold.parkIfArmed();
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

    /** One held call: armed by the test, it parks the next call until released (30 s at most). */
    private static final class Hold {
        private final String what;
        private final CountDownLatch parked = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean armed;

        Hold(String what) {
            this.what = what;
        }

        void arm() {
            armed = true;
        }

        boolean awaitParked(long timeoutMs) throws InterruptedException {
            return parked.await(timeoutMs, TimeUnit.MILLISECONDS);
        }

        void release() {
            released.countDown();
        }

        /** Parks the calling device operation if armed (once); true if it did. */
        boolean parkIfArmed() throws IOException {
            if (!armed) return false;
            armed = false;
            parked.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) throw new IOException("test never released the held " + what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            return true;
        }
    }
}
