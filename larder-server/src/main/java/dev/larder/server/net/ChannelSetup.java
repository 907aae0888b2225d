package dev.larder.server.net;

import dev.larder.server.command.ServerContext;
import dev.larder.server.protocol.RespRequestDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

/**
 * Builds each client's pipeline: the activity tracker (idle timeout), the RESP decoder, then the
 * connection (which encodes its own replies in batches).
 */
public final class ChannelSetup extends ChannelInitializer<SocketChannel> {
    /** Redis's proto-max-bulk-len. */
    private static final long MAX_BULK_BYTES = 512L << 20;

    private final ServerContext server;
    private final Lock commandLock;
    private final ConcurrentHashMap<EventExecutor, ReplyFlusher> flushers = new ConcurrentHashMap<>();

    public ChannelSetup(ServerContext server, Lock commandLock) {
        this.server = server;
        this.commandLock = commandLock;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ReplyFlusher flusher = flushers.computeIfAbsent(channel.eventLoop(),
                loop -> new ReplyFlusher(loop, server.keyspace(), () -> server.config().appendfsync(), server.stats()));
        ClientConnection connection = new ClientConnection(server, commandLock, flusher);
        channel.pipeline().addLast(new ActivityTracker(connection), new RespRequestDecoder(MAX_BULK_BYTES, false), connection);
    }
}
