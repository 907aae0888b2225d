package dev.larder.server.net;

import dev.larder.disk.ChunkedValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;

/**
 * The body of a bulk reply whose value is kept on disk in chunks, then its CRLF. Netty's
 * {@code ChunkedWriteHandler} asks for the next chunk only once the socket has taken the last, so
 * a slow reader holds one chunk-sized off-heap buffer, never the value, and the value never passes
 * through the Java heap. A chunk whose region was reused meanwhile fails the write: the client has
 * part of a reply it cannot finish, so the connection is closed (see {@link ReplyBatch}).
 */
final class ChunkedReply implements ChunkedInput<ByteBuf> {
    private static final byte[] CRLF = {'\r', '\n'};
    private final ChunkedValue value;
    private int nextChunk;
    private long sentBytes;
    private boolean ended;

    ChunkedReply(ChunkedValue value) {
        this.value = value;
    }

    @Override
    public boolean isEndOfInput() {
        return ended;
    }

    @Override
    public void close() {
        // nothing held between chunks
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (ended) return null;
        if (nextChunk == value.chunkCount()) {
            ended = true;
            return Unpooled.wrappedBuffer(CRLF);
        }
        ByteBuf chunk = allocator.directBuffer(value.maxChunkBytes());
        int copied = value.copyChunk(nextChunk, chunk.nioBuffer(0, value.maxChunkBytes()));
        if (copied < 0) {
            chunk.release();
            throw new IOException("value evicted from the disk tier while being sent (chunk " + nextChunk + " of " + value.chunkCount() + ")");
        }
        chunk.writerIndex(copied);
        nextChunk++;
        sentBytes += copied;
        return chunk;
    }

    @Override
    public long length() {
        return value.length() + CRLF.length;
    }

    @Override
    public long progress() {
        return sentBytes;
    }
}
