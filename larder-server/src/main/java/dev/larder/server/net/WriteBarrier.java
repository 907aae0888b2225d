package dev.larder.server.net;

import dev.larder.server.command.LiveConfig.Appendfsync;
import dev.larder.server.command.ServerStats;
import dev.larder.server.keyspace.Keyspace;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Group commit for one event loop: connections whose replies acknowledge writes wait here until
 * the end of the loop's current I/O pass, then one writeOut (or, under appendfsync always, one
 * sync) covers all of them before their replies are flushed. A failed write closes those
 * connections unflushed: no client is told OK for a write that did not happen.
 */
final class WriteBarrier {
    private final EventExecutor loop;
    private final Keyspace keyspace;
    private final Supplier<Appendfsync> mode;
    private final ServerStats stats;
    private final List<ChannelHandlerContext> waiting = new ArrayList<>();
    private boolean scheduled;

    WriteBarrier(EventExecutor loop, Keyspace keyspace, Supplier<Appendfsync> mode, ServerStats stats) {
        this.loop = loop;
        this.keyspace = keyspace;
        this.mode = mode;
        this.stats = stats;
    }

    /** Flushes {@code ctx} once its writes are safe; called on the loop's thread. */
    void flushWhenSafe(ChannelHandlerContext ctx) {
        if (mode.get() == Appendfsync.NO) {
            ctx.flush();
            return;
        }
        waiting.add(ctx);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this::release); // tasks run after the loop's pending I/O: one barrier per pass
        }
    }

    private void release() {
        scheduled = false;
        List<ChannelHandlerContext> batch = new ArrayList<>(waiting);
        waiting.clear();
        try {
            if (mode.get() == Appendfsync.ALWAYS) {
                keyspace.sync();
            } else {
                keyspace.writeOut();
            }
            stats.writeBarrier();
        } catch (RuntimeException e) {
            for (ChannelHandlerContext ctx : batch) ctx.close();
            return;
        }
        for (ChannelHandlerContext ctx : batch) ctx.flush();
    }
}
