package dev.larder.engine;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import dev.larder.disk.Durability;
import dev.larder.engine.SuperblockDescriptor.Superblock;
import dev.larder.io.AlignedBufferPool;
import dev.larder.io.Device;
import dev.larder.io.FileDevice;
import dev.larder.io.IoStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/*
 * Implementation notes
 *
 * Layers (after foyer): a Device says where bytes live; RegionWriter/RegionFlusher lay records
 * out in regions and write them in batches; RecordReader finds and verifies them; LogRecovery and
 * RegionReclaimer rebuild and free regions. This class validates arguments, turns TTLs into
 * deadlines, splits values larger than a region into chunks, and waits for durability as the
 * configured Durability says.
 *
 * Large values: chunks are appended first (not indexed), then a head record whose value is a
 * LargeValueManifest. The head is the only indexed record, written after every chunk, so a crash
 * before the head leaves orphan chunks that recovery ignores and eviction reclaims.
 */
public final class RegionEngine implements DiskCache {
    private static final int BUFFERS_PER_SIZE_CLASS = 4;
    private static final byte[] EMPTY = new byte[0];

    private final EngineConfig config;
    private final Geometry geometry;
    private final Device device;
    private final KeyIndex index;
    private final Regions regions;
    private final EngineStats stats;
    private final AlignedBufferPool pool;
    private final RegionWriter writer;
    private final RegionFlusher flusher;
    private final RecordReader reader;
    private final RecentEntries recentEntries;
    private final int maxRecordBytes;
    private final int chunkValueBytes;
    private final Path checkpointFile; // null on a block device: no sibling file to keep it in
    private final boolean openedFromCheckpoint;
    private final Object checkpointLock = new Object();
    private long checkpointMark = -1; // the log mark the checkpoint file describes; guarded by checkpointLock
    private volatile boolean closed;
    private Superblock superblock; // replaced by clear(), under the writer's lock

    private RegionEngine(EngineConfig config, Superblock superblock, Device device, boolean blockDevice) throws IOException {
        this.config = config;
        this.superblock = superblock;
        this.geometry = superblock.geometry();
        this.device = device;
        this.index = new KeyIndex(1024, geometry.regionCount(), block -> geometry.regionOf(block * geometry.blockSize()));
        this.regions = new Regions(geometry.regionCount());
        this.stats = new EngineStats();
        this.pool = new AlignedBufferPool(geometry.blockSize(), geometry.regionSize(), BUFFERS_PER_SIZE_CLASS);
        this.checkpointFile = blockDevice ? null : IndexCheckpoint.pathFor(config.path());
        var recovery = new LogRecovery(device, geometry, index, regions, pool, superblock);
        long nextSeq = recovery.recover(checkpointFile);
        this.openedFromCheckpoint = recovery.fromCheckpoint();
        if (openedFromCheckpoint) checkpointMark = nextSeq;
        var tags = new RegionTags(geometry, RegionTags.MAX_BYTES);
        var reclaimer = new RegionReclaimer(device, geometry, index, tags, pool, stats, config.clock(), config.reinsertHits(),
                config.evictionListener());
        this.writer = new RegionWriter(geometry, index, regions, reclaimer, tags, stats, nextSeq);
        this.flusher = new RegionFlusher(writer, device, stats, config.durability() != Durability.NONE,
                config.flushOps(), config.flushBytes(), config.flushAgeNs());
        this.reader = new RecordReader(device, geometry, index, regions, writer, pool, stats, config.readMergeGapBytes());
        this.recentEntries = new RecentEntries(device, geometry, index, regions, writer, pool, config.clock());
        this.maxRecordBytes = geometry.regionSize() - geometry.blockSize();
        this.chunkValueBytes = Math.max(geometry.blockSize(), (maxRecordBytes / 4) & -geometry.blockSize());
        flusher.start();
    }

    /** Opens (creating or recovering) the engine described by {@code config}. */
    public static DiskCache open(EngineConfig config) throws IOException {
        return open(config, UnaryOperator.identity());
    }

    /** As {@link #open(EngineConfig)}, with the device wrapped (tests inject faults this way). */
    static DiskCache open(EngineConfig config, UnaryOperator<Device> wrap) throws IOException {
        Path path = config.path();
        boolean exists = Files.exists(path) && !Files.isDirectory(path);
        boolean blockDevice = exists && !Files.isRegularFile(path);
        if (exists && !blockDevice && config.overwrite()) {
            Files.delete(path);
            exists = false;
        }
        Device device = null;
        try {
            Geometry geometry;
            if (exists && !config.overwrite()) {
                device = wrap.apply(FileDevice.open(path, config.directIo(), config.mappedReads()));
                return new RegionEngine(config, DeviceFormat.check(device, config), device, false);
            } else if (blockDevice) {
                device = wrap.apply(FileDevice.open(path, config.directIo(), false));
                geometry = DeviceFormat.geometryForNewDevice(config, device.sizeBytes());
                DeviceFormat.eraseRegionHeaders(device, geometry); // old data must not come back
            } else {
                Files.deleteIfExists(IndexCheckpoint.pathFor(path)); // a new file's log is not an old checkpoint's
                geometry = DeviceFormat.geometryForNewDevice(config, 0);
                device = wrap.apply(FileDevice.create(path, geometry.deviceBytes(), config.directIo(), config.mappedReads()));
            }
            var superblock = new Superblock(geometry, config.clock().millis(), 0, 0);
            DeviceFormat.write(device, superblock);
            return new RegionEngine(config, superblock, device, blockDevice);
        } catch (IOException | RuntimeException e) {
            if (device != null) device.close();
            throw e;
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        write(key, value, defaultExpiry(), true);
    }

    @Override
    public void put(byte[] key, byte[] value, Duration ttl) {
        write(key, value, expiry(ttl), true);
    }

    @Override
    public void put(byte[] key, byte[] value, Instant expireAt) {
        write(key, value, DiskCache.deadlineMillis(Objects.requireNonNull(expireAt, "expireAt")), true);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value, Instant expireAt) {
        write(key, value, DiskCache.deadlineMillis(Objects.requireNonNull(expireAt, "expireAt")), false);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value) {
        write(key, value, defaultExpiry(), false);
    }

    @Override
    public void putBuffered(byte[] key, byte[] value, Duration ttl) {
        write(key, value, expiry(ttl), false);
    }

    private void write(byte[] key, byte[] value, long expireAtMs, boolean durable) {
        checkOpen();
        checkKey(key);
        checkValue(value);
        long startNs = stats.put.start();
        long tag = KeyIndex.tag(KeyHash.hash(key));
        if (RecordDescriptor.unpaddedBytes(key.length, value.length) <= maxRecordBytes) {
            writer.append((byte) 0, tag, key, value, 0, value.length, expireAtMs, true);
        } else {
            writeLarge(tag, key, value, expireAtMs);
        }
        stats.puts.increment();
        if (durable) awaitDurable();
        stats.put.recordSince(startNs);
    }

    private void writeLarge(long tag, byte[] key, byte[] value, long expireAtMs) {
        int chunkBytes = chunkBytes(key.length);
        int chunks = (value.length + chunkBytes - 1) / chunkBytes;
        long[] locations = new long[chunks];
        long[] epochs = new long[chunks];
        for (int i = 0; i < chunks; i++) {
            int from = i * chunkBytes;
            locations[i] = writer.append(RecordDescriptor.CHUNK, tag, key, value, from,
                    Math.min(chunkBytes, value.length - from), expireAtMs, false);
            epochs[i] = regions.epoch(geometry.regionOf(Location.blockAddress(locations[i]) * geometry.blockSize()));
        }
        byte[] manifest = LargeValueManifest.encode(value.length, locations, epochs);
        writer.append(RecordDescriptor.LARGE, tag, key, manifest, 0, manifest.length, expireAtMs, true);
    }

    /** Value bytes per chunk of a large value under a key of {@code keyLength} bytes. */
    private int chunkBytes(int keyLength) {
        int chunkBytes = RecordDescriptor.maxValueBytes(chunkValueBytes, keyLength);
        return chunkBytes > 0 ? chunkBytes : RecordDescriptor.maxValueBytes(maxRecordBytes, keyLength);
    }

    @Override
    public byte[] get(byte[] key) {
        Entry entry = getEntry(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public boolean mayContain(byte[] key) {
        checkOpen();
        checkKey(key);
        return index.find(KeyIndex.tag(KeyHash.hash(key))) != Location.NONE;
    }

    @Override
    public Entry getEntry(byte[] key) {
        return (Entry) find(key, false);
    }

    @Override
    public Found find(byte[] key) {
        return find(key, true);
    }

    /** One index lookup and one read; a chunked value is assembled unless {@code keepChunked}. */
    private Found find(byte[] key, boolean keepChunked) {
        checkOpen();
        checkKey(key);
        long startNs = stats.get.start();
        long tag = KeyIndex.tag(KeyHash.hash(key));
        long location = index.find(tag);
        Found found = location == Location.NONE ? null
                : resolve(tag, location, key, reader.read(tag, location, key, config.clock().millis()), keepChunked);
        countGet(found);
        stats.get.recordSince(startNs);
        return found;
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return getAllEntries(keys).stream().map(e -> e == null ? null : e.value()).toList();
    }

    @Override
    public List<Entry> getAllEntries(List<byte[]> keys) {
        List<Entry> entries = new ArrayList<>(keys.size());
        for (Found found : findAll(keys, false)) entries.add((Entry) found);
        return entries;
    }

    @Override
    public List<Found> findAll(List<byte[]> keys) {
        return findAll(keys, true);
    }

    private List<Found> findAll(List<byte[]> keys, boolean keepChunked) {
        checkOpen();
        int count = keys.size();
        long[] tags = new long[count];
        long[] locations = new long[count];
        byte[][] keyArray = new byte[count][];
        for (int i = 0; i < count; i++) {
            keyArray[i] = keys.get(i);
            checkKey(keyArray[i]);
            tags[i] = KeyIndex.tag(KeyHash.hash(keyArray[i]));
            locations[i] = index.find(tags[i]);
        }
        Decoded[] decoded = reader.readAll(tags, locations, keyArray, count, config.clock().millis());
        List<Found> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Found found = locations[i] == Location.NONE ? null : resolve(tags[i], locations[i], keyArray[i], decoded[i], keepChunked);
            countGet(found);
            results.add(found);
        }
        return results;
    }

    private Found resolve(long tag, long location, byte[] key, Decoded decoded, boolean keepChunked) {
        switch (decoded.status()) {
            case HIT -> {
                if (!Location.hit(location)) index.markHit(tag, location);
                if (decoded.isLarge() && keepChunked) {
                    LargeValueManifest manifest = LargeValueManifest.of(decoded.value());
                    return manifest.wellFormed() ? new Chunked(new StoredChunks(reader, manifest, key, chunkBytes(key.length)), decoded.expireAtMs()) : null;
                }
                byte[] value = decoded.isLarge() ? assemble(key, decoded.value()) : decoded.value();
                return value == null ? null : new Entry(value, decoded.expireAtMs());
            }
            case EXPIRED -> {
                stats.expired.increment();
                index.removeIf(tag, location);
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private byte[] assemble(byte[] key, byte[] manifestBytes) {
        LargeValueManifest manifest = LargeValueManifest.of(manifestBytes);
        if (!manifest.wellFormed()) return null;
        byte[] value = new byte[manifest.totalLength()];
        int filled = 0;
        for (int i = 0; i < manifest.chunkCount(); i++) {
            byte[] chunk = reader.readChunk(manifest.location(i), manifest.epoch(i), key);
            if (chunk == null || filled + chunk.length > value.length) return null;
            System.arraycopy(chunk, 0, value, filled, chunk.length);
            filled += chunk.length;
        }
        return filled == value.length ? value : null;
    }

    @Override
    public void delete(byte[] key) {
        deleteBuffered(key);
        awaitDurable();
    }

    @Override
    public void deleteBuffered(byte[] key) {
        checkOpen();
        checkKey(key);
        long tag = KeyIndex.tag(KeyHash.hash(key));
        writer.append(RecordDescriptor.TOMBSTONE, tag, key, EMPTY, 0, 0, 0, true);
        stats.deletes.increment();
    }

    @Override
    public void clear() {
        checkOpen();
        try {
            flusher.clear(minEpoch -> {
                Superblock next = superblock.next(minEpoch);
                DeviceFormat.write(device, next);
                superblock = next;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("clearing " + config.path() + " failed; nothing was removed", e);
        }
    }

    @Override
    public void forEachRecent(long maxBytes, BiPredicate<byte[], Entry> visitor) {
        checkOpen();
        recentEntries.forEach(maxBytes, visitor);
    }

    @Override
    public void forEachKey(KeyVisitor visitor) {
        checkOpen();
        recentEntries.forEachKey(visitor);
    }

    @Override
    public void writeOut() {
        checkOpen();
        flusher.flushNow(false);
    }

    @Override
    public void flush() {
        checkOpen();
        flusher.flushNow(true); // also syncs batches written earlier without a sync
    }

    private void awaitDurable() {
        switch (config.durability()) {
            case NONE -> { }
            case EVERY_WRITE -> flusher.flushNow(true);
            case BATCH -> {
                try {
                    writer.pendingBatch(true).durable.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof IOException io) throw new UncheckedIOException(io);
                    throw e;
                }
            }
        }
    }

    @Override
    public long checkpoint() {
        checkOpen();
        return saveCheckpoint();
    }

    /** Captures, makes durable, then writes; an unchanged log is neither copied nor rewritten. */
    private long saveCheckpoint() {
        synchronized (checkpointLock) {
            long mark = writer.nextSeq();
            if (checkpointFile == null || mark == checkpointMark) {
                flusher.flushNow(true);
                return mark;
            }
            IndexCheckpoint.State state = writer.checkpointState(() -> superblock);
            flusher.flushNow(true);
            try {
                IndexCheckpoint.write(checkpointFile, state);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the index checkpoint " + checkpointFile + " failed", e);
            }
            checkpointMark = state.nextSeq();
            return checkpointMark;
        }
    }

    @Override
    public long logMark() {
        checkOpen();
        return writer.nextSeq();
    }

    /** True if this open loaded the index from a checkpoint instead of replaying the log. */
    boolean openedFromCheckpoint() {
        return openedFromCheckpoint;
    }

    @Override
    public DiskStats stats() {
        IoStats io = device.stats();
        return new DiskStats(geometry.deviceBytes(), geometry.blockSize(), geometry.regionSize(), geometry.regionCount(),
                regionsSealed(), index.size(), index.bytes(), writer.bufferBytes() + pool.allocatedBytes(),
                stats.gets.sum(), stats.hits.sum(), stats.misses.sum(), stats.expired.sum(), stats.checksumFailures.sum(),
                stats.puts.sum(), stats.deletes.sum(),
                io.readOps(), io.readBytes(), stats.recordsRead.sum(),
                io.writeOps(), io.writeBytes(), io.syncs(),
                stats.batches.sum(), stats.batchRecords.sum(), stats.maxBatchRecords.get(), stats.batchBytes.sum(),
                stats.evictedRegions.sum(), stats.evictedEntries.sum(), stats.reinserted.sum(),
                stats.put.latency(), stats.get.latency(), stats.flush.latency());
    }

    private int regionsSealed() {
        writer.lock().lock();
        try {
            return regions.sealedCount();
        } finally {
            writer.lock().unlock();
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        flusher.stop();
        try {
            flusher.flushNow(true);
            saveCheckpointQuietly();
        } finally {
            try {
                device.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing " + config.path() + " failed", e);
            }
        }
    }

    /** A clean close leaves a checkpoint for a fast next open; failing to is no reason to fail the close. */
    private void saveCheckpointQuietly() {
        try {
            saveCheckpoint();
        } catch (UncheckedIOException e) {
            // the writer has failed, or the file cannot be written: the next open replays the log
        }
    }

    private void countGet(Found found) {
        stats.gets.increment();
        (found == null ? stats.misses : stats.hits).increment();
    }

    private long defaultExpiry() {
        return config.defaultTtlMs() == 0 ? 0 : deadline(config.defaultTtlMs());
    }

    private long expiry(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
        return deadline(EngineConfig.ttlMillis(ttl));
    }

    /** Now plus {@code ttlMs}; a deadline beyond the last representable millisecond is never reached. */
    private long deadline(long ttlMs) {
        long nowMs = config.clock().millis();
        return nowMs > 0 && ttlMs > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + ttlMs;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the disk cache at " + config.path() + " is closed");
    }

    private void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) throw new IllegalArgumentException("key must not be empty");
        if (key.length > config.maxKeyBytes()) {
            throw new IllegalArgumentException("key of " + key.length + " bytes exceeds maxKeyBytes " + config.maxKeyBytes());
        }
    }

    private void checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > config.maxValueBytes()) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds maxValueBytes " + config.maxValueBytes());
        }
        if (value.length > geometry.deviceBytes() / 4) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds a quarter of the device ("
                    + geometry.deviceBytes() + " bytes); it would evict itself");
        }
    }
}
