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
 * Flushes one event loop's replies once per I/O pass, as Redis writes its replies before it sleeps:
 * connections wait here until the pass's reads are done, and then each is flushed in turn. The
 * wakeups of their clients then come together instead of one per connection between commands;
 * a woken client is costly on this VM (an interprocessor interrupt), and pipelined GETs ran 38 %
 * faster (docs/performance.md). A lone request is flushed at once instead, where the wait would
 * cost its latency more than the batching saves.
 *
 * <p>It is also the group commit: replies that acknowledge writes are flushed only after one
 * writeOut (under appendfsync always, one sync) covers all of them. A failed write closes those
 * connections unflushed: no client is told OK for a write that did not happen.
 */
final class ReplyFlusher {
    private final EventExecutor loop;
    private final Keyspace keyspace;
    private final Supplier<Appendfsync> mode;
    private final ServerStats stats;
    private final List<ChannelHandlerContext> waiting = new ArrayList<>(); // acknowledging writes
    private final List<ChannelHandlerContext> others = new ArrayList<>();
    private boolean scheduled;

    ReplyFlusher(EventExecutor loop, Keyspace keyspace, Supplier<Appendfsync> mode, ServerStats stats) {
        this.loop = loop;
        this.keyspace = keyspace;
        this.mode = mode;
        this.stats = stats;
    }

    /**
     * Flushes {@code ctx}'s replies, on the loop's thread: after the pass's write barrier if they
     * acknowledge writes ({@code wrote}, unless appendfsync is no), at the end of the pass if they
     * answer a pipeline, else now.
     */
    void flush(ChannelHandlerContext ctx, boolean wrote, boolean pipelined) {
        if (wrote && mode.get() != Appendfsync.NO) {
            waiting.add(ctx);
            schedule();
        } else if (pipelined) {
            others.add(ctx);
            schedule();
        } else {
            ctx.flush();
        }
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            loop.execute(this::release); // tasks run after the loop's pending I/O: one barrier per pass
        }
    }

    private void release() {
        scheduled = false;
        for (ChannelHandlerContext ctx : others) ctx.flush();
        others.clear();
        if (waiting.isEmpty()) return;
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
