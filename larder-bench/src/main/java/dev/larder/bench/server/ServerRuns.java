package dev.larder.bench.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the servers each mode needs, runs the mode, and puts its findings in the report. Every
 * server is registered with {@link Cleanup} the moment it is up, so it is stopped whatever happens
 * next.
 */
public final class ServerRuns {
    /** Larder needs time to start a JVM and open its store; Redis starts in milliseconds. */
    private static final Duration LARDER_READY = Duration.ofSeconds(120);
    private static final Duration REDIS_READY = Duration.ofSeconds(10);

    private final ScratchDir scratch;
    private final Cleanup cleanup;
    private final LarderLaunch launch;
    private final RedisBenchmark bench;
    private final RequestSizing sizing;
    private final long fixedRequests;
    private final int repeats;
    private final ProgressLog log;
    private final ServerReport report;

    public ServerRuns(ScratchDir scratch, Cleanup cleanup, LarderLaunch launch, RedisBenchmark bench,
            RequestSizing sizing, long fixedRequests, int repeats, ProgressLog log, ServerReport report) {
        this.scratch = scratch;
        this.cleanup = cleanup;
        this.launch = launch;
        this.bench = bench;
        this.sizing = sizing;
        this.fixedRequests = fixedRequests;
        this.repeats = repeats;
        this.log = log;
        this.report = report;
    }

    /** The default mode: Redis and Larder side by side over the {@link SideBySide#grid()}. */
    public void sideBySide(RedisLaunch peer) throws IOException {
        ServerProcess redis = start("redis", port -> peer.command(port, dir("redis")),
                dir("redis"), REDIS_READY);
        ServerProcess larder = start("larder", port -> launch.command(port, dir("larder")), dir("larder"), LARDER_READY);
        report.setting("redisVersion", redisVersion(redis.port()));
        report.server("redis", redis.command()).server("larder", larder.command());
        SideBySide.Result result = new SideBySide(bench, redis, larder, sizing, fixedRequests, repeats, log).run();
        report.add(new ReportSection("side-by-side", String.format(Locale.ROOT,
                "%s vs Larder: SET, GET, MSET (10 keys), INCR; -r %d; ratio and p99 r = Larder / Redis",
                peer.label(), SideBySide.KEYSPACE), peer.label(), "Larder", result.comparisons(), Double.NaN, Map.of()));
        result.warnings().forEach(report::warn);
    }

    /** {@code --ltm}: a Larder spilling to disk beside one holding everything in memory. */
    public void largerThanMemory(long keys) throws IOException {
        long keyCount = keys > 0 ? keys : LargerThanMemory.DEFAULT_KEYS;
        var ltm = new LargerThanMemory(scratch, cleanup, launch, bench, sizing, fixedRequests, repeats, keyCount, log);
        ltm.checkResources();
        LargerThanMemory.Result result = ltm.run();
        report.setting("keys", keyCount).setting("valueBytes", LargerThanMemory.VALUE_BYTES)
                .setting("dataGiB", Math.round(keyCount * LargerThanMemory.VALUE_BYTES / (double) (1L << 30) * 100) / 100.0);
        report.server("larder-" + LargerThanMemory.SPILLING.name(), result.spilling().command())
                .server("larder-" + LargerThanMemory.IN_MEMORY.name(), result.inMemory().command());
        Map<String, Object> notes = new LinkedHashMap<>();
        note(notes, "LTM", result.spilling(), keyCount);
        note(notes, "in-mem", result.inMemory(), keyCount);
        report.add(new ReportSection("larger-than-memory", String.format(Locale.ROOT,
                "Random GETs, %,d keys x %d B: LTM (--maxmemory %s) vs in-mem (--maxmemory %s); ratio = LTM / in-mem",
                keyCount, LargerThanMemory.VALUE_BYTES, LargerThanMemory.SPILLING.maxMemory(),
                LargerThanMemory.IN_MEMORY.maxMemory()), "in-mem", "LTM", result.comparisons(),
                LargerThanMemory.GOAL_THROUGHPUT_RATIO, notes));
        if (launch.larderCmd() != null) {
            report.warn("--larder-cmd was given, so the -Xmx settings (" + LargerThanMemory.SPILLING.heap() + ", "
                    + LargerThanMemory.IN_MEMORY.heap() + ") were not applied; the command's own heap was used");
        }
    }

    /**
     * {@code --restart}: seconds from process start to PONG after a clean stop, Larder from its
     * saved files and rebuilding from its data, beside Redis loading its RDB dump.
     */
    public void restart(String redisServer, long keys, boolean quick) throws IOException {
        long keyCount = Restart.keys(keys, quick);
        var restart = new Restart(scratch, cleanup, launch, redisServer, repeats, keyCount, log);
        restart.checkResources();
        Restart.Result result = restart.run();
        report.setting("redisVersion", result.redisVersion());
        report.server("larder-restart", result.larderCommand()).server("redis-restart", result.redisCommand());
        report.add(restartSection(result, keyCount));
        result.warnings().forEach(report::warn);
    }

    static RestartSection restartSection(Restart.Result result, long keys) {
        List<RestartSection.Timing> timings = new ArrayList<>();
        for (Restart.Case c : Restart.Case.values()) {
            timings.add(new RestartSection.Timing(c.id, c.label, result.seconds().getOrDefault(c, List.of())));
        }
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("Larder load", loadNote(result.larderLoad()));
        notes.put("Redis load", loadNote(result.redisLoad()));
        notes.put("checks", String.format(Locale.ROOT, "%d of %d restarts had DBSIZE %,d and, for Larder, "
                + "key_directory_from_save 1 (saved) or 0 (rebuilt)", result.checksPassed(), result.checks(), keys));
        return new RestartSection("restart", String.format(Locale.ROOT, "Restart after a clean stop, %,d keys x %d B: "
                + "seconds from process start to PONG; ratio = Redis / case (above 1: ready sooner than Redis)",
                keys, Restart.VALUE_BYTES), Restart.Case.REDIS.id, keys, Restart.VALUE_BYTES, timings,
                result.fileBytes(), notes);
    }

    private static String loadNote(KeyLoader.Result load) {
        return String.format(Locale.ROOT, "%,d keys in %.1f s = %,.0f keys/s, %,.0f MiB/s",
                load.keys(), load.seconds(), load.keysPerSecond(), load.mibPerSecond());
    }

    private void note(Map<String, Object> notes, String name, LargerThanMemory.Side side, long keys) {
        notes.put(name + " load", loadNote(side.load()));
        notes.put(name + " spot check", side.spotHits() + " of " + LargerThanMemory.SPOT_CHECKS
                + " random keys read back intact");
        if (side.spotHits() < LargerThanMemory.SPOT_CHECKS) {
            report.warn(name + ": only " + side.spotHits() + " of " + LargerThanMemory.SPOT_CHECKS + " of the "
                    + keys + " loaded keys read back intact, so its GETs partly timed misses");
        }
    }

    private interface CommandForPort {
        List<String> at(int port);
    }

    private ServerProcess start(String name, CommandForPort command, Path dir, Duration ready) throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        log.step("starting %s on 127.0.0.1:%d", name, port);
        return cleanup.register(ServerProcess.start(name, command.at(port), port, dir, ready));
    }

    private Path dir(String name) {
        return scratch.dir().resolve(name);
    }

    private static String redisVersion(int port) {
        try (RespConnection connection = RespConnection.open(port, 5000)) {
            if (connection.call("INFO", "server") instanceof byte[] info) {
                return new String(info, java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("redis_version:")).map(l -> l.substring("redis_version:".length()))
                        .findFirst().orElse("unknown");
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The run cannot start on this machine; the message says what is short and what to do. */
    public static final class CannotRunException extends IOException {
        private static final long serialVersionUID = 1L;

        public CannotRunException(String message) {
            super(message);
        }
    }
}
