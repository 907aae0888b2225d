package dev.larder.bench;

import dev.larder.bench.server.Cleanup;
import dev.larder.bench.server.JsonOutput;
import dev.larder.bench.server.LarderLaunch;
import dev.larder.bench.server.ProgressLog;
import dev.larder.bench.server.RedisBenchmark;
import dev.larder.bench.server.RedisLaunch;
import dev.larder.bench.server.RequestSizing;
import dev.larder.bench.server.ScratchDir;
import dev.larder.bench.server.ServerReport;
import dev.larder.bench.server.ServerRuns;
import dev.larder.bench.server.TableOutput;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code larder bench server}: Larder beside a real redis-server, both driven by
 * {@code redis-benchmark} in the same run.
 *
 * <ul>
 *   <li>Default: SET, GET, MSET and INCR with values of 100 B and 4 KiB, pipeline depth 1 and 16,
 *       50 clients, keys from {@code -r 100000}; the servers alternate run by run for
 *       {@code repeats} rounds; the report gives median ops/s, p50 and p99 for both and the ratios
 *       Larder/Redis. About 5 minutes (at most ~10 if Larder is much slower than Redis);
 *       {@code --quick} about a minute.
 *   <li>{@code --ltm}: instead, random GETs of 4 KiB values from a Larder holding 4 GiB with a
 *       256 MiB memory tier, beside a Larder holding the same data in memory; goal: at least half
 *       the in-memory throughput. Needs ~10 GiB free disk and ~12 GiB of RAM; 3-5 minutes.
 *   <li>{@code --restart}: instead (or as well as {@code --ltm}), seconds from process start to
 *       PONG after a clean stop with 500,000 keys of 4 KiB (50,000 with {@code --quick}): Larder
 *       loading its saved key directory, Larder rebuilding it from its data file, Redis loading
 *       its RDB dump; {@code repeats} restarts each. Needs ~12 GiB free disk and ~5 GiB of RAM;
 *       about a minute.
 * </ul>
 *
 * Servers are child processes on free loopback ports (redis-server with persistence off; Larder
 * launched from this JVM's class path, or {@code --larder-cmd}), stopped by process handle at the
 * end, also on failure or Ctrl-C; their files live in a fresh {@code larder-bench-server-*}
 * directory that is deleted at the end. Progress goes to stderr; stdout gets the table or, with
 * {@code --json}, one JSON object.
 *
 * <p>Run: {@code ./larder bench server [--quick] [--ltm] [--restart] [--json] [--repeats N] [--requests N]
 * [--ltm-keys N] [--restart-keys N] [--larder-cmd PATH] [--dir PATH]}.
 *
 * <p>Exit codes: 0 success; 1 a server or a benchmark run failed; 2 it could not run (missing
 * redis-server or redis-benchmark, bad arguments, not enough disk or memory).
 */
public final class ServerBench {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int CANNOT_RUN = 2;

    /**
     * @param dir parent of the scratch directory; null for the system temp dir
     * @param repeats measured rounds per workload; 0 or less for the default, 3
     * @param requests {@code -n} for every measured run; 0 or less to size each workload from a calibration run
     * @param larderCmd executable taking {@code serve [options]}; null to run Larder from this JVM's class path
     * @param larderArgs extra options appended to Larder's {@code serve}
     * @param redisAof the side-by-side peer keeps an AOF with {@code appendfsync everysec} (see {@link RedisLaunch})
     * @param ltmKeys keys of 4 KiB loaded in the {@code --ltm} run; 0 or less for 1,048,576 (4 GiB)
     * @param restartKeys keys of 4 KiB loaded in the {@code --restart} run; 0 or less for 500,000
     *     (50,000 with {@code quick})
     */
    public record Options(boolean quick, boolean ltm, boolean restart, boolean json, Path dir, int repeats,
            long requests, Path larderCmd, List<String> larderArgs, String redisServer, boolean redisAof,
            String redisBenchmark, long ltmKeys, long restartKeys) {
        public Options {
            larderArgs = List.copyOf(larderArgs);
        }

        int effectiveRepeats() {
            return repeats > 0 ? repeats : 3;
        }

        RequestSizing sizing() {
            return quick ? RequestSizing.QUICK : RequestSizing.FULL;
        }

        /** The default run, unless {@code --ltm} or {@code --restart} replaces it. */
        boolean sideBySide() {
            return !ltm && !restart;
        }

        String mode() {
            List<String> modes = new ArrayList<>();
            if (sideBySide()) modes.add("side-by-side");
            if (ltm) modes.add("larger-than-memory");
            if (restart) modes.add("restart");
            if (quick) modes.add("quick");
            return String.join(", ", modes);
        }
    }

    private ServerBench() {}

    /** Runs the benchmark; returns an exit code ({@link #OK}, {@link #FAILED}, {@link #CANNOT_RUN}). */
    public static int run(Options options, PrintStream out, PrintStream err) {
        String missing = missingExecutable(options);
        if (missing != null) {
            err.println("larder bench server: " + missing);
            return CANNOT_RUN;
        }
        ProgressLog log = new ProgressLog(err);
        try (Cleanup cleanup = new Cleanup(err)) {
            ScratchDir scratch;
            try {
                scratch = cleanup.register(ScratchDir.create(options.dir()));
            } catch (IOException e) {
                err.println("larder bench server: cannot create a scratch directory in "
                        + (options.dir() != null ? options.dir() : "the system temp dir") + ": " + e);
                return CANNOT_RUN;
            }
            return measure(options, scratch, cleanup, log, out, err);
        }
    }

    private static int measure(Options options, ScratchDir scratch, Cleanup cleanup, ProgressLog log,
            PrintStream out, PrintStream err) {
        ServerReport report = new ServerReport();
        var runs = new ServerRuns(scratch, cleanup, launch(options),
                new RedisBenchmark(options.redisBenchmark(), scratch.dir().resolve("redis-benchmark")),
                options.sizing(), options.requests(), options.effectiveRepeats(), log, report);
        try {
            describe(report, options);
            if (options.sideBySide()) runs.sideBySide(new RedisLaunch(options.redisServer(), options.redisAof()));
            if (options.ltm()) runs.largerThanMemory(options.ltmKeys());
            if (options.restart()) runs.restart(options.redisServer(), options.restartKeys(), options.quick());
            report.setting("elapsedSeconds", Math.round(log.seconds() * 10) / 10.0);
            log.step("done; stopping servers and removing %s", scratch.dir());
            if (options.json()) out.println(JsonOutput.render(report));
            else TableOutput.print(report, out);
            return OK;
        } catch (ServerRuns.CannotRunException e) {
            err.println("larder bench server: " + e.getMessage());
            return CANNOT_RUN;
        } catch (IOException | RuntimeException e) {
            err.println(String.format(Locale.ROOT, "larder bench server: failed after %.1f s: %s", log.seconds(), e));
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static LarderLaunch launch(Options options) {
        return new LarderLaunch(options.larderCmd(), "2gb", "4gb", "4g", options.larderArgs());
    }

    private static void describe(ServerReport report, Options options) {
        Runtime rt = Runtime.getRuntime();
        report.setting("mode", options.mode())
                .setting("repeats", options.effectiveRepeats());
        if (options.sideBySide() || options.ltm()) { // the runs that drive redis-benchmark
            report.setting("requests", options.requests() > 0 ? String.valueOf(options.requests())
                    : "sized per workload from a calibration run");
        }
        report.setting("cores", rt.availableProcessors())
                .setting("jvm", Runtime.version().toString());
    }

    /**
     * The first of redis-server (side-by-side, restart), redis-benchmark (side-by-side,
     * larger-than-memory) or --larder-cmd that the chosen runs need and cannot be run, as a
     * message; else null.
     */
    static String missingExecutable(Options options) {
        if ((options.sideBySide() || options.restart()) && !runnable(options.redisServer())) {
            return "cannot find redis-server (" + options.redisServer() + "); install Redis 7 or pass --redis-server PATH";
        }
        if ((options.sideBySide() || options.ltm()) && !runnable(options.redisBenchmark())) {
            return "cannot find redis-benchmark (" + options.redisBenchmark()
                    + "); install Redis 7 tools or pass --redis-benchmark PATH";
        }
        if (options.larderCmd() != null && !Files.isExecutable(options.larderCmd())) {
            return "--larder-cmd " + options.larderCmd() + " is not an executable file";
        }
        return null;
    }

    /** True if {@code name} is an executable path, or a bare name found on PATH. */
    public static boolean runnable(String name) {
        if (name.contains(File.separator)) return Files.isExecutable(Path.of(name));
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
        }
        return false;
    }
}
