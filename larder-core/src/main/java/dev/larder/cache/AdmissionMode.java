package dev.larder.cache;

/** When entries reach the disk tier. */
public enum AdmissionMode {
    /** Every put is written to disk (durable as the builder's durability says) and kept in memory. Default. */
    WRITE_THROUGH,
    /**
     * Puts stay in memory; entries evicted from memory by size are written to disk then. Faster
     * writes, but entries only in memory are lost on a crash.
     */
    WRITE_ON_EVICT
}
