package dev.larder.bench.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How soon a server stopped cleanly answers again with all its keys: Larder loading its saved key
 * directory and disk index, Larder rebuilding both by scanning its data file, and Redis loading its
 * RDB dump. One server at a time, each in its own directory under the scratch directory:
 * <ol>
 *   <li>Larder (memory tier as in the side-by-side run, {@code --disk-capacity} from
 *       {@link #diskCapacityBytes}) is loaded with {@code keys} values of 4 KiB by {@link KeyLoader}
 *       and stopped with SHUTDOWN, which saves {@link #SAVED_FILES}.
 *   <li>Saved: {@code repeats} times, start it, time it to the first PONG, check DBSIZE and
 *       {@code key_directory_from_save:1}, stop it with SHUTDOWN (which saves again).
 *   <li>Rebuilt: {@code repeats} times, delete {@link #SAVED_FILES}, start, time, check DBSIZE and
 *       {@code key_directory_from_save:0}, stop with SHUTDOWN NOSAVE. NOSAVE skips only the key
 *       directory; the engine still writes its index on close, hence the delete before every start.
 *   <li>Redis ({@code --save ''}: no automatic snapshots) is loaded with the same keys, SAVEd to
 *       {@code dump.rdb} and stopped; {@code repeats} times it is started on that directory, timed
 *       to the first PONG (it answers {@code -LOADING} until the dump is in), checked with DBSIZE
 *       and stopped with SHUTDOWN NOSAVE.
 * </ol>
 * Times run from just before the process is started, so Larder's include JVM start-up (and a
 * {@code --larder-cmd} wrapper's). The page cache is not dropped (that needs root): every start
 * reads files the previous run has just written, warm for Larder and Redis alike.
 */
final class Restart {
    static final long DEFAULT_KEYS = 500_000;
    static final long QUICK_KEYS = 50_000;
    static final int VALUE_BYTES = 4096;
    static final String DATA_FILE = "larder.data";
    static final List<String> SAVED_FILES = List.of("larder.keys", "larder.data.index");
    static final String RDB_FILE = "dump.rdb";
    private static final long GiB = 1L << 30;
    /** As the larger-than-memory run; a record of a 4 KiB value takes at most two 4 KiB blocks. */
    private static final long MIN_DISK_CAPACITY_BYTES = 8 * GiB;
    /** Redis keeps a 4 KiB value in jemalloc's 5 KiB size class, plus its key and dict entry. */
    private static final long REDIS_BYTES_PER_KEY = 5 * 1024 + 128;
    private static final int LOAD_CONNECTIONS = 4;
    /** A rebuild reads the whole data file: minutes for tens of GiB on a slow disk. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    /** Larder's SHUTDOWN syncs and saves, Redis's SAVE writes the dump: gigabytes at disk speed. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);
    private static final int CALL_TIMEOUT_MS = (int) STOP_TIMEOUT.toMillis();

    /** One way of starting on existing data, and what Larder's INFO must say about it. */
    enum Case {
        SAVED("larder-saved", "Larder, saved key directory", "1"),
        REBUILT("larder-rebuilt", "Larder, rebuilt from data", "0"),
        REDIS("redis-rdb", "Redis, loading dump.rdb", null);

        final String id;
        final String label;
        /** Expected {@code key_directory_from_save}; null for Redis, which has no such field. */
        final String fromSave;

        Case(String id, String label, String fromSave) {
            this.id = id;
            this.label = label;
            this.fromSave = fromSave;
        }
    }

    /**
     * What the run found: the seconds to PONG per case, the sizes of the files restarted from, and
     * every failed check (a restart whose DBSIZE or key directory source was not as expected).
     */
    record Result(List<String> larderCommand, List<String> redisCommand, String redisVersion,
            KeyLoader.Result larderLoad, KeyLoader.Result redisLoad, Map<Case, List<Double>> seconds,
            Map<String, Long> fileBytes, int checksPassed, int checks, List<String> warnings) {}

    private final ScratchDir scratch;
    private final Cleanup cleanup;
    private final LarderLaunch launch;
    private final RedisLaunch redis;
    private final int repeats;
    private final long keys;
    private final ProgressLog log;
    private final Map<Case, List<Double>> seconds = new EnumMap<>(Case.class);
    private final Map<String, Long> fileBytes = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int checks;
    private int checksPassed;

    Restart(ScratchDir scratch, Cleanup cleanup, LarderLaunch launch, String redisServer, int repeats, long keys,
            ProgressLog log) {
        this.scratch = scratch;
        this.cleanup = cleanup;
        this.launch = launch.withDiskCapacity(diskCapacityBytes(keys) / GiB + "gb");
        this.redis = new RedisLaunch(redisServer);
        this.repeats = repeats;
        this.keys = keys;
        this.log = log;
    }

    /** The keys to load: {@code requested} if given (above 0), else the default for a full or quick run. */
    static long keys(long requested, boolean quick) {
        if (requested > 0) return requested;
        return quick ? QUICK_KEYS : DEFAULT_KEYS;
    }

    /** Larder's disk tier, in whole GiB: the data twice over (two blocks per record at worst), at least 8 GiB. */
    static long diskCapacityBytes(long keys) {
        long twice = 2 * keys * VALUE_BYTES;
        return Math.max(MIN_DISK_CAPACITY_BYTES, (twice + GiB - 1) / GiB * GiB);
    }

    /** Free disk the run needs: Larder's preallocated data file, Redis's dump, and 2 GiB for the rest. */
    static long requiredDiskBytes(long keys) {
        return diskCapacityBytes(keys) + keys * VALUE_BYTES + 2 * GiB;
    }

    /** Physical memory Redis needs to hold the keys, plus 2 GiB for the OS (Larder never runs beside it). */
    static long requiredMemoryBytes(long keys) {
        return keys * REDIS_BYTES_PER_KEY + 2 * GiB;
    }

    /** @throws ServerRuns.CannotRunException naming what is short, before anything starts */
    void checkResources() throws IOException {
        long needDisk = requiredDiskBytes(keys);
        long usable = scratch.usableBytes();
        if (usable < needDisk) {
            throw new ServerRuns.CannotRunException(String.format(Locale.ROOT, "not enough free disk in %s for the "
                    + "restart run: needs %.1f GiB, %.1f GiB usable; pass --dir on a larger filesystem or fewer "
                    + "--restart-keys", scratch.dir(), needDisk / (double) GiB, usable / (double) GiB));
        }
        long needMemory = requiredMemoryBytes(keys);
        long physical = LargerThanMemory.physicalMemoryBytes();
        if (physical > 0 && physical < needMemory) {
            throw new ServerRuns.CannotRunException(String.format(Locale.ROOT, "not enough memory for Redis in the "
                    + "restart run: needs %.1f GiB, the machine has %.1f GiB; pass fewer --restart-keys",
                    needMemory / (double) GiB, physical / (double) GiB));
        }
    }

    Result run() throws IOException {
        Path larderDir = scratch.dir().resolve("restart-larder");
        Path redisDir = scratch.dir().resolve("restart-redis");
        try {
            Prepared larder = prepareLarder(larderDir);
            restarts(Case.SAVED, larderDir, port -> launch.command(port, larderDir), "SHUTDOWN");
            for (int round = 1; round <= repeats; round++) {
                for (String saved : SAVED_FILES) Files.deleteIfExists(larderDir.resolve(saved));
                restart(Case.REBUILT, round, larderDir, port -> launch.command(port, larderDir), "SHUTDOWN", "NOSAVE");
            }
            scratch.delete(larderDir); // its disk is free before Redis writes its dump
            Prepared peer = prepareRedis(redisDir);
            restarts(Case.REDIS, redisDir, port -> redis.command(port, redisDir), "SHUTDOWN", "NOSAVE");
            return new Result(larder.command(), peer.command(), peer.version(), larder.load(), peer.load(),
                    new EnumMap<>(seconds), new LinkedHashMap<>(fileBytes), checksPassed, checks, List.copyOf(warnings));
        } finally {
            scratch.delete(larderDir);
            scratch.delete(redisDir);
        }
    }

    /** A server loaded and stopped: how it was started, its load, its version. */
    private record Prepared(List<String> command, KeyLoader.Result load, String version) {}

    private Prepared prepareLarder(Path dir) throws IOException {
        ServerProcess larder = start("larder", dir, port -> launch.command(port, dir));
        try {
            KeyLoader.Result load = load(larder);
            String written = infoField(info(larder.port(), "larder"), "disk_write_bytes");
            stop(larder, "SHUTDOWN");
            fileBytes.put(DATA_FILE, Files.size(dir.resolve(DATA_FILE)));
            if (written != null) fileBytes.put(DATA_FILE + " written by the load", Long.parseLong(written));
            for (String saved : SAVED_FILES) fileBytes.put(saved, savedSize(dir.resolve(saved), "Larder's SHUTDOWN"));
            return new Prepared(larder.command(), load, null);
        } finally {
            cleanup.closeNow(larder);
        }
    }

    private Prepared prepareRedis(Path dir) throws IOException {
        ServerProcess peer = start("redis", dir, port -> redis.command(port, dir));
        try {
            String version = infoField(info(peer.port(), "server"), "redis_version");
            KeyLoader.Result load = load(peer);
            log.step("restart: redis: SAVE");
            try (RespConnection connection = RespConnection.open(peer.port(), CALL_TIMEOUT_MS)) {
                Object reply = connection.call("SAVE");
                if (!"OK".equals(reply)) throw new IOException("redis answered SAVE with " + reply + " instead of OK");
            }
            stop(peer, "SHUTDOWN", "NOSAVE");
            fileBytes.put(RDB_FILE, savedSize(dir.resolve(RDB_FILE), "Redis's SAVE"));
            return new Prepared(peer.command(), load, version != null ? version : "unknown");
        } finally {
            cleanup.closeNow(peer);
        }
    }

    private ServerProcess start(String name, Path dir, IntFunction<List<String>> command) throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        log.step("restart: starting %s on 127.0.0.1:%d", name, port);
        return cleanup.register(ServerProcess.start(name, command.apply(port), port, dir, READY_TIMEOUT));
    }

    private KeyLoader.Result load(ServerProcess server) throws IOException {
        log.step("restart: %s: loading %,d keys x %d bytes", server.name(), keys, VALUE_BYTES);
        KeyLoader.Result load = new KeyLoader(server.port(), VALUE_BYTES).load(keys, LOAD_CONNECTIONS);
        log.step("restart: %s: loaded in %.1f s: %,.0f keys/s, %,.0f MiB/s", server.name(), load.seconds(),
                load.keysPerSecond(), load.mibPerSecond());
        return load;
    }

    private void restarts(Case c, Path dir, IntFunction<List<String>> command, String... shutdown) throws IOException {
        for (int round = 1; round <= repeats; round++) restart(c, round, dir, command, shutdown);
    }

    /** Starts the server on the data in {@code dir}, records its seconds to PONG, checks it, stops it. */
    private void restart(Case c, int round, Path dir, IntFunction<List<String>> command, String... shutdown)
            throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        ServerProcess server = cleanup.register(ServerProcess.start(c.id, command.apply(port), port, dir, READY_TIMEOUT));
        try {
            double ready = server.secondsToReady();
            seconds.computeIfAbsent(c, k -> new ArrayList<>()).add(ready);
            String problem = check(c, port);
            log.step("restart: %s, run %d of %d: PONG after %.3f s%s", c.label, round, repeats, ready,
                    problem == null ? "" : "; " + problem);
            if (problem == null) checksPassed++;
            else warnings.add(String.format(Locale.ROOT, "%s, run %d: %s", c.label, round, problem));
            stop(server, shutdown);
        } finally {
            cleanup.closeNow(server);
        }
    }

    /** What is wrong with the restarted server's data, or null: DBSIZE, and for Larder where its directory came from. */
    private String check(Case c, int port) throws IOException {
        checks++;
        try (RespConnection connection = RespConnection.open(port, CALL_TIMEOUT_MS)) {
            Object size = connection.call("DBSIZE");
            if (!Long.valueOf(keys).equals(size)) return "DBSIZE " + size + ", expected " + keys;
            if (c.fromSave == null) return null;
            String fromSave = connection.call("INFO", "larder") instanceof byte[] info
                    ? infoField(new String(info, StandardCharsets.UTF_8), "key_directory_from_save") : null;
            return c.fromSave.equals(fromSave) ? null : "key_directory_from_save:" + fromSave + ", expected "
                    + c.fromSave + ", so this time is not of the case it is reported under";
        }
    }

    /** Sends SHUTDOWN (which has no reply: the server closes the connection) and waits for a clean exit. */
    private static void stop(ServerProcess server, String... shutdown) throws IOException {
        String command = String.join(" ", shutdown);
        try (RespConnection connection = RespConnection.open(server.port(), CALL_TIMEOUT_MS)) {
            Object reply = connection.call(shutdown);
            throw new IOException(server.name() + " answered " + command + " with " + reply + " instead of stopping");
        } catch (RespConnection.ErrorReply e) {
            throw new IOException(server.name() + " refused " + command + ": " + e.getMessage(), e);
        } catch (EOFException | SocketException closedAsExpected) {
            // the server closed the connection as it stopped
        }
        int status = server.awaitExit(STOP_TIMEOUT);
        if (status != 0) {
            throw new IOException(server.name() + " exited with status " + status + " after " + command + "; "
                    + server.logTail());
        }
    }

    private static long savedSize(Path file, String writer) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(writer + " did not write " + file.getFileName() + ", so there is no restart to time"
                    + " (with --larder-cmd: is it a build that saves its key directory?)");
        }
        return Files.size(file);
    }

    private static String info(int port, String section) throws IOException {
        try (RespConnection connection = RespConnection.open(port, CALL_TIMEOUT_MS)) {
            return connection.call("INFO", section) instanceof byte[] info ? new String(info, StandardCharsets.UTF_8) : "";
        }
    }

    /** The value of {@code name:value} in an INFO reply; null if absent. */
    static String infoField(String info, String name) {
        String prefix = name + ":";
        return info.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip())
                .findFirst().orElse(null);
    }
}
