package dev.larder.server.net;

import dev.larder.server.protocol.Reply;
import dev.larder.server.protocol.ReplyEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;

/**
 * The replies to one batch of requests, encoded into one buffer so the socket sees one write.
 * A large bulk value is not copied into it: its bytes are wrapped and written as they are, and
 * one kept on disk in chunks is streamed ({@link ChunkedReply}), also as an element of an array.
 */
final class ReplyBatch {
    private static final int WRAP_ABOVE_BYTES = 64 * 1024;
    /** Past this a buffer is handed on and a new one started: growing one buffer far copies it over and over. */
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final ChannelHandlerContext ctx;
    private ByteBuf buffer;
    private long queuedBytes;

    ReplyBatch(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void add(Reply reply, boolean resp3) {
        if (reply instanceof Reply.Chunked chunked) {
            stream(chunked);
            return;
        }
        if (reply instanceof Reply.Array array && hasChunked(array)) {
            buffer().writeBytes(("*" + array.items().size() + "\r\n").getBytes(StandardCharsets.US_ASCII)); // MGET
            for (Reply item : array.items()) add(item, resp3);
            return;
        }
        if (reply instanceof Reply.Bulk bulk && bulk.bytes().length > WRAP_ABOVE_BYTES) {
            buffer().writeBytes(("$" + bulk.bytes().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            writeBuffer();
            ctx.write(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bulk.bytes()), Unpooled.wrappedBuffer(CRLF)));
            queuedBytes += bulk.bytes().length + 2;
            return;
        }
        ByteBuf out = buffer();
        int before = out.writerIndex();
        ReplyEncoder.write(reply, out, resp3);
        queuedBytes += out.writerIndex() - before;
        if (out.writerIndex() >= BUFFER_BYTES) writeBuffer();
    }

    /**
     * Writes the bulk header, then the value chunk by chunk through a {@code ChunkedWriteHandler}
     * (added to this connection's pipeline the first time). Counts one chunk toward the output
     * limit: that is what the stream holds at once. A failed stream closes the connection.
     */
    private void stream(Reply.Chunked chunked) {
        buffer().writeBytes(("$" + chunked.value().length() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        writeBuffer();
        if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) ctx.pipeline().addFirst(new ChunkedWriteHandler());
        ctx.write(new ChunkedReply(chunked.value())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        queuedBytes += chunked.value().maxChunkBytes();
    }

    private static boolean hasChunked(Reply.Array array) {
        for (Reply item : array.items()) if (item instanceof Reply.Chunked) return true;
        return false;
    }

    /** Bytes of replies added so far. */
    long queuedBytes() {
        return queuedBytes;
    }

    private ByteBuf buffer() {
        if (buffer == null) buffer = ctx.alloc().ioBuffer(256);
        return buffer;
    }

    /** Hands what is buffered to the channel (unflushed). */
    void writeBuffer() {
        if (buffer != null) {
            ctx.write(buffer);
            buffer = null;
        }
    }
}
