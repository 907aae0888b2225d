package dev.larder.server.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * First in a client's pipeline: every read from the socket and every flush of replies to it counts
 * as the client's activity for the idle timeout, as in Redis, so a client uploading a large value
 * slowly, or sending commands the server does not know, is not taken for an idle one. A flush,
 * not each reply: the clock is read once per batch rather than once per pipelined command.
 */
final class ActivityTracker extends ChannelDuplexHandler {
    private final ClientConnection connection;

    ActivityTracker(ClientConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.active(System.currentTimeMillis());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        connection.active(System.currentTimeMillis());
        ctx.flush();
    }
}
