package dev.larder.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.command.LiveConfig.Appendfsync;
import dev.larder.server.command.ServerStats;
import dev.larder.server.keyspace.Keyspace;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When replies leave: a lone request's at once, a pipeline's at the end of the event loop's pass
 * (its pending tasks, here run by hand), and a write's after the pass's write barrier, unless
 * appendfsync is no.
 */
class ReplyFlusherTest {
    @TempDir Path dir;
    private Keyspace keyspace;
    private final ServerStats stats = new ServerStats();
    private final AtomicReference<Appendfsync> mode = new AtomicReference<>(Appendfsync.EVERYSEC);
    private EmbeddedChannel channel;
    private ChannelHandlerContext ctx;
    private ReplyFlusher flusher;

    @BeforeEach
    void setUp() throws IOException {
        keyspace = Keyspace.open(dir, 1 << 20, 16 << 20);
        channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        ctx = channel.pipeline().firstContext();
        flusher = new ReplyFlusher(channel.eventLoop(), keyspace, mode::get, stats);
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        keyspace.close();
    }

    @Test
    void aLoneRequestsReplyLeavesAtOnce() {
        ctx.write("reply");
        flusher.flush(ctx, false, false);
        assertThat(channel.outboundMessages()).containsExactly("reply");
    }

    @Test
    void aPipelinesRepliesLeaveAtTheEndOfThePass() {
        ctx.write("first");
        ctx.write("second");
        flusher.flush(ctx, false, true);
        assertThat(channel.outboundMessages()).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).containsExactly("first", "second");
        assertThat(stats.writeBarriers()).as("no write, no barrier").isZero();
    }

    @Test
    void aWritesReplyLeavesAfterTheWriteBarrierEvenAlone() {
        keyspace.set(0, "k".getBytes(), "v".getBytes(), 0);
        ctx.write("OK");
        flusher.flush(ctx, true, false);
        assertThat(channel.outboundMessages()).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).containsExactly("OK");
        assertThat(stats.writeBarriers()).isEqualTo(1);
    }

    @Test
    void withAppendfsyncNoAWriteIsFlushedAsAReadWouldBe() {
        mode.set(Appendfsync.NO);
        ctx.write("OK");
        flusher.flush(ctx, true, false);
        assertThat(channel.outboundMessages()).containsExactly("OK");
        ctx.write("OK, pipelined");
        flusher.flush(ctx, true, true);
        assertThat(channel.outboundMessages()).hasSize(1);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(2);
        assertThat(stats.writeBarriers()).isZero();
    }
}
