package dev.larder.engine;

/** The outcome of reading one record: a value, or why there is none. */
record Decoded(Status status, byte flags, byte[] value, long expireAtMs) {
    enum Status { HIT, MISS, EXPIRED, CORRUPT }

    static final Decoded MISS = new Decoded(Status.MISS, (byte) 0, null, 0);
    static final Decoded EXPIRED = new Decoded(Status.EXPIRED, (byte) 0, null, 0);
    static final Decoded CORRUPT = new Decoded(Status.CORRUPT, (byte) 0, null, 0);

    boolean isLarge() {
        return (flags & RecordDescriptor.LARGE) != 0;
    }

    /**
     * Decodes the record at {@code offset} that should carry {@code key} and {@code epoch}. A record
     * that fails validation is CORRUPT here; the caller turns that into a plain miss when the
     * record was legitimately replaced while being read.
     */
    static Decoded of(java.nio.ByteBuffer buffer, int offset, int available, long epoch, byte[] key,
                      long nowMs, int blockSize) {
        if (available < RecordDescriptor.HEADER_BYTES) return CORRUPT;
        int keyLength = RecordDescriptor.keyLength(buffer, offset); // once: the buffer may be changing under us
        int valueLength = RecordDescriptor.valueLength(buffer, offset);
        if (RecordDescriptor.validate(buffer, offset, available, epoch, blockSize, keyLength, valueLength) < 0) return CORRUPT;
        if (!RecordDescriptor.keyEquals(buffer, offset, keyLength, key)) return MISS; // another key with the same tag
        byte flags = RecordDescriptor.flags(buffer, offset);
        if ((flags & RecordDescriptor.TOMBSTONE) != 0) return MISS;
        long expireAtMs = RecordDescriptor.expireAtMs(buffer, offset);
        if (expireAtMs != 0 && expireAtMs <= nowMs) return EXPIRED;
        return new Decoded(Status.HIT, flags, RecordDescriptor.value(buffer, offset, keyLength, valueLength), expireAtMs);
    }
}
