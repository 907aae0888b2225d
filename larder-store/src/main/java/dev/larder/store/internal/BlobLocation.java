package dev.larder.store.internal;

/** Where a blob's record lies: segment number, record start offset, stored and raw lengths. */
public record BlobLocation(int segment, long offset, long storedLength, long rawLength, byte flags) {
    public long bodyOffset() {
        return offset + PackDescriptor.HEADER_BYTES;
    }

    public long recordLength() {
        return PackDescriptor.HEADER_BYTES + storedLength;
    }
}
