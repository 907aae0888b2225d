package dev.larder.disk;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A key-value cache on one preallocated file (or block device) of fixed capacity: a region log
 * with batched, merged, checksummed I/O. Keys and values are byte arrays; the cache copies what it
 * is given and returns fresh arrays.
 *
 * <p>It is a cache: when the file is full the oldest region is reclaimed, so any key may become a
 * miss. What it never does is return a wrong value: every record is checksummed and its key is
 * compared on read; a record that fails is a miss and a counter in {@link #stats()}.
 *
 * <p>Durability: see {@link Durability}. Every {@code put} that returned is present after a crash
 * (unless since evicted); {@code putBuffered} writes not yet flushed may be lost.
 *
 * <p>Errors: invalid arguments throw {@link IllegalArgumentException}; a failed write or sync
 * throws {@link UncheckedIOException} to every caller waiting on that batch, after which the
 * cache refuses writes (reads keep working) until it is reopened, because after a failed
 * {@code fdatasync} the kernel may have dropped the dirty pages and a retry can falsely succeed.
 *
 * <p>All methods are thread-safe.
 */
public interface DiskCache extends AutoCloseable {

    /** What {@link #find} returns: a whole value, or one stored in chunks to read piece by piece. */
    sealed interface Found permits Entry, Chunked {}

    /** A stored value and when it expires (epoch milliseconds; 0 = never). */
    record Entry(byte[] value, long expireAtMs) implements Found {}

    /** A value stored in chunks, not read yet, and when it expires (epoch milliseconds; 0 = never). */
    record Chunked(ChunkedValue value, long expireAtMs) implements Found {}

    /** Starts configuring a cache stored at {@code path} (a file, created if absent). */
    static DiskCacheBuilder builder(Path path) {
        return new DiskCacheBuilder(path);
    }

    /** Stores {@code value} under {@code key} with the default TTL; durable as {@link Durability} says. */
    void put(byte[] key, byte[] value);

    /** Stores {@code value} under {@code key}, expiring after {@code ttl} (positive). */
    void put(byte[] key, byte[] value, Duration ttl);

    /**
     * Stores {@code value} under {@code key} until the deadline {@code expireAt} (whole
     * milliseconds, rounded up; one already passed makes the key read as absent). Callers that
     * keep absolute deadlines (as Redis does) use this to store them exactly.
     */
    void put(byte[] key, byte[] value, Instant expireAt);

    /** {@link #put(byte[], byte[], Instant)} without waiting for the disk, like {@link #putBuffered(byte[], byte[])}. */
    void putBuffered(byte[] key, byte[] value, Instant expireAt);

    /** Stores without waiting for the disk; durable after the next batch flush or {@link #flush()}. */
    void putBuffered(byte[] key, byte[] value);

    /** {@link #putBuffered(byte[], byte[])} with an explicit TTL. */
    void putBuffered(byte[] key, byte[] value, Duration ttl);

    /** The value stored under {@code key}, or {@code null} if absent, expired, evicted or corrupt. */
    byte[] get(byte[] key);

    /** As {@link #get}, with the entry's expiry. */
    Entry getEntry(byte[] key);

    /**
     * As {@link #getEntry}, except that a value stored in chunks (larger than a region) is not
     * assembled but returned as a {@link ChunkedValue}; null if absent. One read either way.
     */
    Found find(byte[] key);

    /** {@link #getAllEntries}, with chunked values returned unread as in {@link #find}. */
    List<Found> findAll(List<byte[]> keys);

    /**
     * True if the index names an entry for {@code key}, without reading it: a read may still miss
     * (expired, damaged, a hash-tag collision). Counts nothing.
     */
    boolean mayContain(byte[] key);

    /**
     * Batch read: the values for {@code keys} in the same order ({@code null} for each miss). Disk
     * reads are sorted by offset and neighbours are merged into one read.
     */
    List<byte[]> getAll(List<byte[]> keys);

    /** As {@link #getAll}, with each entry's expiry. */
    List<Entry> getAllEntries(List<byte[]> keys);

    /** Removes {@code key} (writes a tombstone); durable as {@link Durability} says. */
    void delete(byte[] key);

    /** Removes {@code key} without waiting for the disk, like {@link #putBuffered}. */
    void deleteBuffered(byte[] key);

    /**
     * Removes every entry, durably and atomically (one superblock write): after a crash either
     * everything written before the clear is gone or the clear did not happen.
     */
    void clear();

    /**
     * Visits live entries, most recently written first, until {@code visitor} returns false or
     * the visited keys and values add up to {@code maxBytes}. Large values (stored in chunks) are
     * skipped. For warming a memory tier; concurrent writes may or may not be seen.
     */
    void forEachRecent(long maxBytes, BiPredicate<byte[], Entry> visitor);

    /**
     * Visits every live key with its expiry (epoch ms, 0 = never), large values included, values
     * not read. For rebuilding a key directory at startup: keys written since the cache was opened
     * may or may not be visited.
     */
    void forEachKey(KeyVisitor visitor);

    /**
     * An {@link Instant} as a deadline in epoch milliseconds for a record: rounded up, at least 1
     * (0 means "never"), and capped at {@code Long.MAX_VALUE}.
     */
    static long deadlineMillis(Instant expireAt) {
        if (!expireAt.isBefore(Instant.ofEpochMilli(Long.MAX_VALUE))) return Long.MAX_VALUE;
        if (expireAt.toEpochMilli() < 1) return 1;
        return expireAt.toEpochMilli() + (expireAt.getNano() % 1_000_000 == 0 ? 0 : 1);
    }

    /** Receives keys from {@link #forEachKey}. */
    @FunctionalInterface
    interface KeyVisitor {
        void visit(byte[] key, long expireAtMs);
    }

    /** Makes every write that returned before this call durable. */
    void flush();

    /**
     * Hands every write that returned before this call to the operating system without syncing:
     * afterwards they survive a crash of this process, though not of the machine. Much cheaper
     * than {@link #flush()}; a later {@code flush()} still syncs them. Under a durability other
     * than {@link Durability#NONE} it syncs as well, as every batch such a cache writes is synced.
     */
    void writeOut();

    /**
     * Makes every write that returned before this call durable and saves the index beside the file
     * ({@code <file>.index}), so that the next open loads it instead of reading every region. The
     * next open uses it only if nothing was written since; a clean {@link #close()} saves one too.
     * Returns the {@link #logMark()} the checkpoint describes.
     */
    long checkpoint();

    /**
     * Identifies the log's content: two marks, also across a close and reopen, are equal only if
     * nothing was written, deleted or cleared in between (writes lost in a crash do not count).
     * A caller keeping derived state on the side (a key directory) stores the mark with it and
     * trusts it after a reopen only if the mark is still the same.
     */
    long logMark();

    /** An immutable snapshot of counters, sizes and latency percentiles. */
    DiskStats stats();

    /** Flushes, syncs and releases the file. Idempotent. */
    @Override
    void close();
}
