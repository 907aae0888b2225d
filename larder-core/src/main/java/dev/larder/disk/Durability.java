package dev.larder.disk;

/**
 * What a successful {@link DiskCache#put} promises about the bytes being on stable storage.
 * {@link DiskCache#putBuffered} never waits; {@link DiskCache#flush()} always makes every earlier
 * write durable, whatever the mode.
 */
public enum Durability {
    /** {@code put} returns at once; batches are written by age, count or size but never synced. */
    NONE,
    /**
     * {@code put} joins the current batch and returns after that batch's {@code fdatasync}
     * (group commit: concurrent writers share one sync). Default.
     */
    BATCH,
    /** {@code put} writes and syncs its own record alone: one sync per write, no sharing. */
    EVERY_WRITE
}
