package dev.larder.server.net;

import dev.larder.server.command.ClientPause;
import dev.larder.server.command.CommandTable;
import dev.larder.server.command.Errors;
import dev.larder.server.command.Invocation;
import dev.larder.server.command.ServerContext;
import dev.larder.server.command.Session;
import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.protocol.ProtocolError;
import dev.larder.server.protocol.Reply;
import dev.larder.server.protocol.Request;
import dev.larder.server.protocol.RespRequestDecoder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * One client connection. Requests decoded from one socket read are run together, in order, under
 * the command lock: GETs among them are prefetched as one batch, and the replies are flushed once
 * ({@link ReplyFlusher}: after the write barrier if any command changed data, at the end of the
 * event loop's pass if they answer a pipeline). A client that stops reading its replies
 * stops being read; one whose unsent replies exceed the output limit is disconnected.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final int WARM_KEYS = 256;
    private static final int WARM_KEY_BYTES = 512;
    /** How often a connection held by CLIENT PAUSE looks whether the pause is over. */
    private static final long PAUSE_RECHECK_MS = 10;

    private final ServerContext server;
    private final Lock commandLock;
    private final ReplyFlusher flusher;
    private final List<Object> pending = new ArrayList<>();
    private Session session;
    private RespRequestDecoder decoder;
    private boolean closing;
    private boolean pauseRecheckScheduled;

    ClientConnection(ServerContext server, Lock commandLock, ReplyFlusher flusher) {
        this.server = server;
        this.commandLock = commandLock;
        this.flusher = flusher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        decoder = ctx.pipeline().get(RespRequestDecoder.class);
        boolean open = server.config().requirePass() == null;
        session = new Session(server.clients().nextId(), address(ctx.channel().remoteAddress()),
                address(ctx.channel().localAddress()), open, System.currentTimeMillis(), () -> ctx.channel().close());
        decoder.authenticated(open);
        if (!server.clients().admit(session, server.config().maxClients())) {
            closing = true;
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes("-ERR max number of clients reached\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    /** Bytes came in or a reply went out: the client is not idle. */
    void active(long nowMs) {
        if (session != null) session.active(nowMs);
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!closing) pending.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pending.isEmpty() || heldByPause(ctx)) return;
        Keyspace keyspace = server.keyspace();
        long dirtyBefore;
        boolean pipelined = pending.size() > 1;
        ReplyBatch replies = new ReplyBatch(ctx);
        commandLock.lock();
        try {
            dirtyBefore = keyspace.dirty();
            warmDirectory(keyspace);
            prefetchGets(keyspace);
            long outputLimit = server.config().maxOutputBytes();
            for (Object message : pending) {
                if (!run(replies, message)) break;
                if (replies.queuedBytes() > outputLimit) { // Redis's hard output limit: drop the client
                    closing = true;
                    break;
                }
            }
        } finally {
            keyspace.endBatch();
            commandLock.unlock();
            pending.clear();
            replies.writeBuffer();
        }
        if (closing) {
            if (keyspace.dirty() != dirtyBefore) keyspace.writeOut();
            if (replies.queuedBytes() > server.config().maxOutputBytes()) ctx.close();
            else ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        flusher.flush(ctx, keyspace.dirty() != dirtyBefore, pipelined);
        checkOutputLimit(ctx);
    }

    /**
     * CLIENT PAUSE: while a pause covers this batch (every batch, or those with a write), stop
     * reading and look again every {@link #PAUSE_RECHECK_MS} at most, so that UNPAUSE takes effect
     * soon; the batch runs once the pause is over.
     */
    private boolean heldByPause(ChannelHandlerContext ctx) {
        ClientPause pause = server.clients().pause();
        if (!pause.everSet()) return false; // every batch passes here: no clock read while no pause was given
        long nowMs = System.currentTimeMillis();
        if (!pause.active(nowMs)) return false;
        long waitMs = pause.remainingMs(nowMs, writesPending());
        if (waitMs == 0) return false;
        ctx.channel().config().setAutoRead(false);
        if (!pauseRecheckScheduled) {
            pauseRecheckScheduled = true;
            ctx.executor().schedule(() -> {
                pauseRecheckScheduled = false;
                ctx.channel().config().setAutoRead(ctx.channel().isWritable());
                channelReadComplete(ctx);
            }, Math.min(waitMs, PAUSE_RECHECK_MS), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private boolean writesPending() {
        for (Object message : pending) {
            if (message instanceof Request request && server.catalog().writes(request.arg(0))) return true;
        }
        return false;
    }

    /**
     * Looks up the batch's keys together first, so their cache misses overlap (see {@link
     * Keyspace#warm}). Bounded: a lone single-key command has nothing to overlap, a key longer than
     * {@link #WARM_KEY_BYTES} may be a large argument that is no key (ECHO's), and past
     * {@link #WARM_KEYS} the lines warmed first would leave the cache before their commands run.
     */
    private void warmDirectory(Keyspace keyspace) {
        if (!session.authenticated()) return;
        List<byte[]> keys = null;
        for (Object message : pending) {
            if (!(message instanceof Request request) || request.args().length < 2) continue;
            byte[][] args = request.args();
            int step = CommandTable.keyStep(args[0]);
            if (step == 0 && pending.size() == 1) return;
            if (keys == null) keys = new ArrayList<>();
            for (int i = 1; i < args.length; i += step == 0 ? args.length : step) {
                if (args[i].length <= WARM_KEY_BYTES) keys.add(args[i]);
            }
            if (keys.size() >= WARM_KEYS) break;
        }
        if (keys != null && keys.size() > 1) keyspace.warm(session.db(), keys);
    }

    /** Reads the values of a pipeline's GETs in one batch: one merged disk read for their misses. */
    private void prefetchGets(Keyspace keyspace) {
        List<byte[]> keys = null;
        for (Object message : pending) {
            if (!(message instanceof Request request) || !CommandTable.isGet(request.arg(0)) || request.args().length != 2) break;
            if (keys == null) keys = new ArrayList<>();
            keys.add(request.arg(1));
        }
        if (keys != null && keys.size() > 1 && session.authenticated()) keyspace.prefetch(session.db(), keys);
    }

    /** Runs one message; false once the connection is closing. */
    private boolean run(ReplyBatch replies, Object message) {
        if (message instanceof ProtocolError error) {
            if (session.replyTurn()) replies.add(Errors.format("ERR " + error.message()), session.protocol() == 3);
            closing = true;
            return false;
        }
        Request request = (Request) message;
        Reply reply = server.commands().execute(new Invocation(request.args(), session, server));
        server.stats().executed(reply);
        if (reply == null) { // SHUTDOWN: no reply, the server is going away
            closing = true;
            return false;
        }
        decoder.authenticated(session.authenticated());
        if (session.replyTurn()) replies.add(reply, session.protocol() == 3);
        if (session.closingAfterReply()) {
            closing = true;
            return false;
        }
        return true;
    }

    private void checkOutputLimit(ChannelHandlerContext ctx) {
        var outbound = ctx.channel().unsafe().outboundBuffer();
        if (outbound != null && outbound.totalPendingWriteBytes() > server.config().maxOutputBytes()) {
            closing = true;
            ctx.close();
        }
    }

    /** Back-pressure: stop reading requests from a client that is not reading its replies. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) server.clients().remove(session);
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset connection or a bug in one client's handling: that client only
    }
}
