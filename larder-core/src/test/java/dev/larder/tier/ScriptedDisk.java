package dev.larder.tier;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * A {@link DiskCache} that delegates to a real one, but can fail writes and run a test's code at
 * chosen moments, to put the tiered cache into states that real timing reaches only rarely:
 * {@link #failWrites} makes every later {@code put}, {@code putBuffered} and {@code delete} throw
 * {@link UncheckedIOException} without touching the delegate (as a refused write does); the
 * {@code after*} and {@code before*} hooks run once, on the calling thread.
 */
final class ScriptedDisk implements DiskCache {
    static final String EIO = "Input/output error (scripted)";

    private final DiskCache delegate;
    private volatile boolean failWrites;
    private final AtomicReference<Runnable> afterDeleteBuffered = new AtomicReference<>();
    private final AtomicReference<Runnable> afterGetAllEntries = new AtomicReference<>();
    private final AtomicReference<Runnable> beforeFirstRecentVisit = new AtomicReference<>();
    /** Keys written with {@code putBuffered} (spills, in write-on-evict), in order, as UTF-8 strings. */
    final List<String> putBufferedKeys = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> afterPutBuffered = new AtomicReference<>();

    ScriptedDisk(DiskCache delegate) {
        this.delegate = delegate;
    }

    void failWrites(boolean fail) {
        failWrites = fail;
    }

    void afterNextDeleteBuffered(Runnable hook) {
        afterDeleteBuffered.set(hook);
    }

    void afterNextPutBuffered(Runnable hook) {
        afterPutBuffered.set(hook);
    }

    void afterNextGetAllEntries(Runnable hook) {
        afterGetAllEntries.set(hook);
    }

    void beforeFirstRecentVisit(Runnable hook) {
        beforeFirstRecentVisit.set(hook);
    }

    private void checkWritable() {
        if (failWrites) throw new UncheckedIOException(new IOException(EIO));
    }

    private static void runOnce(AtomicReference<Runnable> hook) {
        Runnable r = hook.getAndSet(null);
        if (r != null) r.run();
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkWritable();
        delegate.put(key, value);
    }

    @Override
    public void put(byte[] key, byte[] value, Duration ttl) {
        checkWritable();
        delegate.put(key, value, ttl);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value) {
        checkWritable();
        delegate.putBuffered(key, value);
        putBufferedKeys.add(new String(key, StandardCharsets.UTF_8));
        runOnce(afterPutBuffered);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value, Duration ttl) {
        checkWritable();
        delegate.putBuffered(key, value, ttl);
        putBufferedKeys.add(new String(key, StandardCharsets.UTF_8));
        runOnce(afterPutBuffered);
    }

    @Override
    public void put(byte[] key, byte[] value, Instant expireAt) {
        checkWritable();
        delegate.put(key, value, expireAt);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value, Instant expireAt) {
        checkWritable();
        delegate.putBuffered(key, value, expireAt);
        putBufferedKeys.add(new String(key, StandardCharsets.UTF_8));
        runOnce(afterPutBuffered);
    }

    @Override
    public byte[] get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public Entry getEntry(byte[] key) {
        return delegate.getEntry(key);
    }

    @Override
    public Found find(byte[] key) {
        return delegate.find(key);
    }

    @Override
    public List<Found> findAll(List<byte[]> keys) {
        return delegate.findAll(keys);
    }

    @Override
    public boolean mayContain(byte[] key) {
        return delegate.mayContain(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public List<Entry> getAllEntries(List<byte[]> keys) {
        List<Entry> entries = delegate.getAllEntries(keys);
        runOnce(afterGetAllEntries);
        return entries;
    }

    @Override
    public void delete(byte[] key) {
        checkWritable();
        delegate.delete(key);
    }

    @Override
    public void deleteBuffered(byte[] key) {
        checkWritable();
        delegate.deleteBuffered(key);
        runOnce(afterDeleteBuffered);
    }

    @Override
    public void clear() {
        checkWritable();
        delegate.clear();
    }

    @Override
    public void forEachRecent(long maxBytes, BiPredicate<byte[], Entry> visitor) {
        delegate.forEachRecent(maxBytes, (key, entry) -> {
            runOnce(beforeFirstRecentVisit);
            return visitor.test(key, entry);
        });
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void writeOut() {
        delegate.writeOut();
    }

    @Override
    public long checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public long logMark() {
        return delegate.logMark();
    }

    @Override
    public void forEachKey(KeyVisitor visitor) {
        delegate.forEachKey(visitor);
    }

    @Override
    public DiskStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
