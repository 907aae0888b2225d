package dev.larder.bench.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads {@code key:000000000000 .. key:<count-1>} (the names {@code redis-benchmark -r count}
 * draws from) with pipelined SETs over a few connections.
 *
 * <p>Concurrency: per connection, one thread writes SETs and another reads the replies, so the
 * pipe never drains between batches; a semaphore caps the SETs in flight at {@link #WINDOW} so a
 * stalled server makes the writer wait instead of filling the socket buffers without bound. The
 * first error reply or I/O failure is kept, every socket is closed so all threads stop at once,
 * and the load fails with it.
 *
 * <p>Values are slices of one random buffer at a per-key offset: incompressible, mostly distinct,
 * and written without a copy per key.
 */
final class KeyLoader {
    /** SETs in flight per connection: enough to hide a loopback round trip, small next to socket buffers. */
    static final int WINDOW = 512;
    private static final int VALUE_POOL_BYTES = 1 << 20;
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    /** A stuck server fails the load after this long without a reply. */
    private static final int READ_TIMEOUT_MS = 120_000;

    /** What a load did: its rates are what the report prints. */
    record Result(long keys, long valueBytes, double seconds) {
        double keysPerSecond() {
            return keys / seconds;
        }

        double mibPerSecond() {
            return keys * (double) valueBytes / (1 << 20) / seconds;
        }
    }

    private final int port;
    private final int valueBytes;
    private final byte[] pool;

    KeyLoader(int port, int valueBytes) {
        if (valueBytes < 1 || valueBytes > VALUE_POOL_BYTES / 2) {
            throw new IllegalArgumentException("value size must be 1.." + VALUE_POOL_BYTES / 2 + " bytes: " + valueBytes);
        }
        this.port = port;
        this.valueBytes = valueBytes;
        this.pool = new byte[VALUE_POOL_BYTES];
        new SplittableRandom(42).nextBytes(pool);
    }

    /** The key redis-benchmark sends for random number {@code i}: {@code key:} + 12 digits. */
    static String keyName(long i) {
        return String.format(Locale.ROOT, "key:%012d", i);
    }

    /** Where key {@code i}'s value starts in the pool; 4099 is prime, so offsets spread over the pool. */
    int valueOffset(long i) {
        return (int) (i * 4099 % (VALUE_POOL_BYTES - valueBytes));
    }

    /** True if {@code value} is exactly what {@link #writeSet} stored for key {@code i}. */
    boolean holds(long i, byte[] value) {
        int offset = valueOffset(i);
        return Arrays.equals(value, 0, value.length, pool, offset, offset + valueBytes);
    }

    Result load(long keyCount, int connections) throws IOException {
        long startNs = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<RespConnection> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) sockets.add(RespConnection.open(port, READ_TIMEOUT_MS));
            // On any failure close every socket: each blocked reader and writer then fails at once.
            Runnable onFailure = () -> sockets.forEach(KeyLoader::closeQuietly);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                threads.addAll(startConnection(sockets.get(c), keyCount * c / connections,
                        keyCount * (c + 1) / connections, failure, onFailure));
            }
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading keys", e);
        } finally {
            sockets.forEach(KeyLoader::closeQuietly);
        }
        Throwable failed = failure.get();
        if (failed != null) throw new IOException("loading keys into 127.0.0.1:" + port + " failed: " + failed, failed);
        return new Result(keyCount, valueBytes, (System.nanoTime() - startNs) / 1e9);
    }

    private List<Thread> startConnection(RespConnection connection, long from, long to,
            AtomicReference<Throwable> failure, Runnable onFailure) throws IOException {
        Semaphore window = new Semaphore(WINDOW);
        OutputStream out = new BufferedOutputStream(connection.socket().getOutputStream(), 1 << 18);
        InputStream in = new BufferedInputStream(connection.socket().getInputStream(), 1 << 16);
        Thread writer = Thread.ofPlatform().name("loader-write-" + from).start(
                guarded(() -> writeSets(out, from, to, window, failure), failure, onFailure));
        Thread reader = Thread.ofPlatform().name("loader-read-" + from).start(
                guarded(() -> readReplies(in, to - from, window), failure, onFailure));
        return List.of(writer, reader);
    }

    private void writeSets(OutputStream out, long from, long to, Semaphore window, AtomicReference<Throwable> failure)
            throws IOException, InterruptedException {
        for (long i = from; i < to && failure.get() == null; i++) {
            if (!window.tryAcquire()) {
                out.flush(); // the reader frees permits only for SETs the server has seen
                while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (failure.get() != null) return; // the reader failed and will free no more permits
                }
            }
            writeSet(out, i);
        }
        out.flush();
    }

    /** {@code SET key:<i> <value i>} in RESP. */
    void writeSet(OutputStream out, long i) throws IOException {
        byte[] key = keyName(i).getBytes(StandardCharsets.US_ASCII);
        RespConnection.writeArrayHeader(out, 3);
        RespConnection.writeBulk(out, SET, 0, SET.length);
        RespConnection.writeBulk(out, key, 0, key.length);
        RespConnection.writeBulk(out, pool, valueOffset(i), valueBytes);
    }

    private static void readReplies(InputStream in, long count, Semaphore window) throws IOException {
        for (long n = 0; n < count; n++) {
            Object reply = RespConnection.readReply(in); // an error reply throws ErrorReply
            if (!"OK".equals(reply)) throw new IOException("SET answered " + reply + " instead of OK");
            window.release();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Runnable guarded(Body body, AtomicReference<Throwable> failure, Runnable onFailure) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                if (failure.compareAndSet(null, t)) onFailure.run(); // unblocks the partner thread
            }
        };
    }

    private static void closeQuietly(RespConnection connection) {
        try {
            connection.close();
        } catch (IOException alreadyFailingOrDone) {
            // nothing to report: this close only unblocks threads, or releases a socket after the load
        }
    }
}
