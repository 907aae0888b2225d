package dev.larder.server;

import dev.larder.server.command.Clients;
import dev.larder.server.command.CommandCatalog;
import dev.larder.server.command.CommandTable;
import dev.larder.server.command.LiveConfig;
import dev.larder.server.command.ServerContext;
import dev.larder.server.command.ServerStats;
import dev.larder.server.command.Session;
import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.net.ChannelSetup;
import dev.larder.server.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Redis-compatible server: Netty event loops in front of one {@link Keyspace}. Commands run
 * one at a time under a single lock (Redis's atomicity); the event loops do the socket work.
 * A housekeeping thread expires keys, syncs every second and closes idle clients.
 */
public final class LarderServer implements ServerContext, AutoCloseable {
    private final ServerConfig startup;
    private final Keyspace keyspace;
    private final FileLock dirLock;
    private final LiveConfig config;
    private final Clients clients = new Clients();
    private final ServerStats stats = new ServerStats();
    private final CommandTable commands = CommandTable.standard();
    private final CommandCatalog catalog = CommandCatalog.load();
    private final ReentrantLock commandLock = new ReentrantLock();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("larder-housekeeping").daemon(true).factory());
    private final AtomicBoolean saving = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean saveOnClose = true;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Transport transport = Transport.select(System.getProperty("larder.transport", "auto"));
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel listener;

    private LarderServer(ServerConfig startup, Keyspace keyspace, FileLock dirLock) {
        this.startup = startup;
        this.keyspace = keyspace;
        this.dirLock = dirLock;
        this.config = new LiveConfig(startup.bind(), startup.port(), startup.dir().toAbsolutePath().toString(),
                startup.maxMemoryBytes(), keyspace::setMemoryBytes, keyspace.storeStats().disk().capacityBytes(), startup.requirePass(), startup.maxClients(),
                startup.idleTimeoutSeconds(), startup.maxOutputBytes(), startup.appendfsync());
    }

    /** Opens the data directory and listens; returns once clients can connect. */
    public static LarderServer start(ServerConfig config) throws IOException {
        Files.createDirectories(config.dir());
        FileChannel lockFile = FileChannel.open(config.dir().resolve("larder.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("another Larder server is using " + config.dir().toAbsolutePath());
        }
        Keyspace keyspace;
        try {
            keyspace = Keyspace.open(config.dir(), config.maxMemoryBytes(), config.diskCapacityBytes());
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw new IOException("cannot open the data in " + config.dir().toAbsolutePath() + ": " + e.getMessage(), e);
        }
        LarderServer server = new LarderServer(config, keyspace, lock);
        try {
            server.listen();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void listen() throws IOException {
        bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        workerGroup = new MultiThreadIoEventLoopGroup(startup.ioThreads(), transport.ioHandlers());
        ServerBootstrap bootstrap = new ServerBootstrap().group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 511)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                // One read (up to 64 KiB) per connection per pass, as Redis reads 16 KiB: with
                // Netty's default 16, one deep pipeline of large values filled a pass and every
                // other connection's replies waited behind it (decision 41).
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(1))
                .childHandler(new ChannelSetup(this, commandLock));
        try {
            listener = bootstrap.bind(new InetSocketAddress(startup.bind(), startup.port())).sync().channel();
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new IOException("cannot listen on " + startup.bind() + ":" + startup.port() + ": address already in use", e);
            }
            throw new IOException("cannot listen on " + startup.bind() + ":" + startup.port() + ": " + e.getMessage(), e);
        }
        config.listeningOn(port());
        housekeeping.scheduleWithFixedDelay(this::expireAndSettleKeys, 100, 100, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String transportName() {
        return transport.name();
    }

    private void expireAndSettleKeys() {
        commandLock.lock();
        try {
            keyspace.expireCycle(10_000);
            keyspace.settleEvicted(20_000);
            keyspace.adaptDirectoryValues();
            keyspace.adaptTouches();
        } catch (RuntimeException e) {
            // a disk error: the next command reports it to its client
        } finally {
            commandLock.unlock();
        }
    }

    private void everySecond() {
        try {
            if (config.appendfsync() != LiveConfig.Appendfsync.ALWAYS) {
                keyspace.sync();
            }
        } catch (RuntimeException e) {
            // the keyspace is read-only now; writes report it
        }
        long timeout = config.idleTimeoutSeconds();
        if (timeout > 0) {
            long now = System.currentTimeMillis();
            for (Session session : clients.list()) {
                if (now - session.lastInteractionMs() > timeout * 1000) session.disconnect();
            }
        }
    }

    @Override public Keyspace keyspace() { return keyspace; }
    @Override public Clients clients() { return clients; }
    @Override public LiveConfig config() { return config; }
    @Override public ServerStats stats() { return stats; }
    @Override public CommandTable commands() { return commands; }
    @Override public CommandCatalog catalog() { return catalog; }

    /** Call under the command lock: the directory saved must match the store's log mark. */
    @Override
    public void save() {
        try {
            keyspace.save();
        } catch (IOException e) {
            stats.saveFailed();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stats.saveFailed();
            throw e;
        }
        stats.saved(System.currentTimeMillis(), keyspace.dirty());
    }

    /** Runs {@link #save} on the housekeeping thread; commands wait for it as they would for SAVE. */
    @Override
    public boolean saveInBackground() {
        if (!saving.compareAndSet(false, true)) return false;
        housekeeping.execute(() -> {
            commandLock.lock();
            try {
                save();
            } catch (RuntimeException e) {
                System.err.println("larder: background save failed: " + e.getMessage());
            } finally {
                commandLock.unlock();
                saving.set(false);
            }
        });
        return true;
    }

    @Override
    public boolean saveInProgress() {
        return saving.get();
    }

    /** Called from a command, so the actual stop runs on another thread. */
    @Override
    public void shutdown(boolean save) {
        saveOnClose = save;
        Thread.ofPlatform().name("larder-shutdown").start(this::close);
    }

    private void saveQuietly() {
        try {
            keyspace.save();
        } catch (IOException | RuntimeException e) {
            System.err.println("larder: saving the key directory at shutdown failed (" + e.getMessage()
                    + "); the next start rebuilds it from the data");
        }
    }

    /** Blocks until the server has stopped (SHUTDOWN, or {@link #close}). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Stops listening, disconnects every client, saves (unless SHUTDOWN NOSAVE; a failed save only
     * costs the next start its speed), syncs and closes the data. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (listener != null) listener.close().syncUninterruptibly();
            for (Session session : clients.list()) session.disconnect();
            if (workerGroup != null) workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (bossGroup != null) bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            housekeeping.shutdownNow();
            commandLock.lock();
            try {
                if (saveOnClose) saveQuietly();
                keyspace.close();
            } finally {
                commandLock.unlock();
            }
        } finally {
            try {
                dirLock.release();
                dirLock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                terminated.countDown();
            }
        }
    }
}
