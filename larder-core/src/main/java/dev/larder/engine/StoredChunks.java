package dev.larder.engine;

import dev.larder.disk.ChunkedValue;
import java.nio.ByteBuffer;

/** A large value's chunks as its manifest lists them, read one at a time by {@link RecordReader#copyChunk}. */
final class StoredChunks implements ChunkedValue {
    private final RecordReader reader;
    private final LargeValueManifest manifest;
    private final byte[] key;
    private final int maxChunkBytes;

    StoredChunks(RecordReader reader, LargeValueManifest manifest, byte[] key, int maxChunkBytes) {
        this.reader = reader;
        this.manifest = manifest;
        this.key = key;
        this.maxChunkBytes = maxChunkBytes;
    }

    @Override
    public long length() {
        return manifest.totalLength();
    }

    @Override
    public int chunkCount() {
        return manifest.chunkCount();
    }

    @Override
    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    @Override
    public int copyChunk(int index, ByteBuffer target) {
        return reader.copyChunk(manifest.location(index), manifest.epoch(index), key, target);
    }
}
