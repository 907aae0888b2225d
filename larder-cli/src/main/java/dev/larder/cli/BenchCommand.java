package dev.larder.cli;

import dev.larder.bench.DiskBench;
import dev.larder.bench.ServerBench;
import dev.larder.bench.StoreBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder bench ...}: workloads that put Larder beside its peers in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that measure Larder beside a peer in the same run.",
        subcommands = {BenchCommand.Disk.class, BenchCommand.Server.class, BenchCommand.Store.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    @Command(name = "disk", mixinStandardHelpOptions = true,
            description = {"The disk engine's workload: durable vs buffered writes, group commit,",
                    "write bandwidth vs a raw sequential write, getAll vs single gets (cold and warm).",
                    "Each figure is the median of several repeats; comparisons are ratios."})
    static final class Disk implements Callable<Integer> {
        @Option(names = "--quick", description = "Smaller runs, under a minute.")
        boolean quick;

        @Option(names = "--large", description = "Also the >= 10 GiB mapped random-read run (needs ~11 GiB free).")
        boolean large;

        @Option(names = "--json", description = "Print one JSON object with every figure on stdout.")
        boolean json;

        @Option(names = "--dir", paramLabel = "PATH", description = "Scratch directory (default: a temporary one).")
        Path dir;

        @Option(names = "--repeats", paramLabel = "N", description = "Repeats per figure (default: 5, or 3 with --quick).")
        Integer repeats;

        @Option(names = "--block-size", paramLabel = "BYTES",
                description = "Block size for the write figures (default: the engine's, 4096).")
        int blockSizeBytes;

        @Override
        public Integer call() throws Exception {
            int n = repeats != null ? repeats : quick ? 3 : 5;
            if (n < 1) throw new IllegalArgumentException("--repeats must be at least 1: " + n);
            return DiskBench.run(new DiskBench.Options(quick, large, json, dir, n, blockSizeBytes), System.out, System.err);
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Larder beside a real redis-server, both driven by redis-benchmark in one run.",
                    "",
                    "Default: SET, GET, MSET (10 keys) and INCR; values of 100 B and 4 KiB;",
                    "pipeline 1 and 16; 50 clients; -r 100000. Each workload first runs once per",
                    "server to warm up and to size its request count (~2.5 s on the faster",
                    "server, at most 8 s on the slower); then the servers alternate run by run",
                    "for --repeats rounds. Reported per workload: median ops/s, p50 and p99 of",
                    "both, and the Larder/Redis ratios of throughput and p99.",
                    "Takes about 5 minutes (up to ~10 if Larder is much slower); --quick ~1.",
                    "",
                    "--ltm: the larger-than-memory run instead. Two Larders, one after the",
                    "other, each loaded by a pipelined loader with 1,048,576 values of 4 KiB",
                    "(4 GiB; keys key:000000000000... as redis-benchmark -r names them): one",
                    "with --maxmemory 256mb (-Xmx2g), one with --maxmemory 6gb (-Xmx12g), both",
                    "--disk-capacity 8gb. Then random GETs: redis-benchmark -t get -r 1048576,",
                    "-P 1 and -P 16. Reports load rates, ops/s, p99 and the ratio",
                    "larger-than-memory / in-memory (goal: >= 0.50). Needs ~10 GiB free disk",
                    "and ~12 GiB RAM (checked before starting); takes 3-5 minutes.",
                    "",
                    "--restart: the restart run instead (with --ltm: as well). Larder loaded",
                    "with 500,000 values of 4 KiB (--restart-keys; 50,000 with --quick) and",
                    "stopped with SHUTDOWN, then restarted --repeats times from its saved key",
                    "directory and index (larder.keys, larder.data.index), and --repeats times",
                    "with both deleted so it rebuilds them from larder.data; Redis loaded with",
                    "the same keys, SAVEd and restarted --repeats times from dump.rdb. Reports",
                    "the median seconds from process start to PONG (Larder's include JVM",
                    "start-up) and Redis / Larder for both Larder cases, after checking DBSIZE",
                    "and INFO key_directory_from_save on every restart. Needs ~12 GiB free disk",
                    "(Larder's data file is preallocated) and ~5 GiB RAM.",
                    "",
                    "Servers are child processes on free loopback ports: redis-server with",
                    "--save '' --appendonly no (--redis-aof: --appendonly yes --appendfsync",
                    "everysec); Larder from this JVM's class path (or",
                    "--larder-cmd) with --maxmemory 2gb --disk-capacity 4gb (-Xmx4g). Both are",
                    "stopped at the end, also on failure or Ctrl-C, and their files deleted.",
                    "Progress goes to stderr. Exit codes: 0 ok, 1 a server or a run failed,",
                    "2 cannot run (missing redis tools, disk space or memory).",
                    ""})
    static final class Server implements Callable<Integer> {
        @Option(names = "--quick", description = "A ~1 minute smoke run: short runs, noisier figures.")
        boolean quick;

        @Option(names = "--ltm", description = "Run the larger-than-memory comparison instead (see above).")
        boolean ltm;

        @Option(names = "--restart", description = "Run the restart comparison instead (see above); with --ltm, both.")
        boolean restart;

        @Option(names = "--json", description = "Print one JSON object with every figure on stdout.")
        boolean json;

        @Option(names = "--repeats", paramLabel = "N", description = "Measured rounds per workload (default: 3).")
        Integer repeats;

        @Option(names = "--requests", paramLabel = "N",
                description = "redis-benchmark -n for every measured run (default: sized per workload).")
        long requests;

        @Option(names = "--larder-cmd", paramLabel = "PATH",
                description = "Executable taking 'serve [options]' (e.g. ./larder) instead of this JVM's class path.")
        Path larderCmd;

        @Option(names = "--larder-arg", paramLabel = "ARG",
                description = "Extra option for Larder's serve; repeatable (e.g. --larder-arg=--appendfsync --larder-arg=no).")
        List<String> larderArgs = new ArrayList<>();

        @Option(names = "--ltm-keys", paramLabel = "N",
                description = "Keys of 4 KiB to load with --ltm (default: 1048576 = 4 GiB).")
        long ltmKeys;

        @Option(names = "--restart-keys", paramLabel = "N",
                description = "Keys of 4 KiB to load with --restart (default: 500000, or 50000 with --quick).")
        long restartKeys;

        @Option(names = "--dir", paramLabel = "PATH", description = "Where the servers' files go (default: a temporary dir).")
        Path dir;

        @Option(names = "--redis-server", paramLabel = "PATH", defaultValue = "redis-server",
                description = "The redis-server to compare with (default: ${DEFAULT-VALUE} on PATH).")
        String redisServer;

        @Option(names = "--redis-aof",
                description = "Side by side: Redis keeps an AOF (appendfsync everysec), the durability of Larder's default.")
        boolean redisAof;

        @Option(names = "--redis-benchmark", paramLabel = "PATH", defaultValue = "redis-benchmark",
                description = "The load generator (default: ${DEFAULT-VALUE} on PATH).")
        String redisBenchmark;

        @Override
        public Integer call() {
            int n = repeats != null ? repeats : 3;
            if (n < 1) throw new IllegalArgumentException("--repeats must be at least 1: " + n);
            if (requests < 0) throw new IllegalArgumentException("--requests must be positive: " + requests);
            if (ltmKeys < 0) throw new IllegalArgumentException("--ltm-keys must be positive: " + ltmKeys);
            if (restartKeys < 0) throw new IllegalArgumentException("--restart-keys must be positive: " + restartKeys);
            var options = new ServerBench.Options(quick, ltm, restart, json, dir, n, requests, larderCmd, larderArgs,
                    redisServer, redisAof, redisBenchmark, ltmKeys, restartKeys);
            return ServerBench.run(options, System.out, System.err);
        }
    }

    @Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The content store (larder snapshot / restore) beside tar+zstd, cp -a and rsync,",
                    "on the same trees in one run: two generated ones, or a copy of yours (--tree).",
                    "",
                    "Trees: 'deps', shaped like node_modules (30,000 files, mostly 200 B-20 KiB in",
                    "nested package dirs, a few of 1-20 MiB, .bin symlinks, 70%% text-like content,",
                    "the rest random bytes); 'large', 4 x 256 MiB, half compressible. With --tree DIR,",
                    "instead one tree: a copy of DIR (cp -a, plus owner write permission), named after",
                    "it; DIR itself is only read. It may hold files, dirs and symlinks only. Steps:",
                    "  1. snapshot into an empty store  vs tar -I 'zstd -T0' -cf",
                    "  2. snapshot of the unchanged tree (goal >= 1 GB/s); also in one resident",
                    "     process through the Java API (10 warm-up runs, then the timed ones)",
                    "  3. full restore into an empty dir  vs tar -I zstd -xf and cp -a (goal >= 2x tar);",
                    "     restore --link (hardlinks to the store's read-only copies)  vs tar and cp -al",
                    "  4. no-op restore  vs rsync -a DIR/ TARGET/ (goal >= 10x faster)",
                    "  5. 1%% of files changed: snapshot, restore onto the old target  vs rsync -a",
                    "Reported: median wall time of --repeats runs after one warm-up run of each",
                    "command, files/s, MB/s and larder's speedup over each peer.",
                    "",
                    "As root, the page cache is dropped before every run and the run's inputs are",
                    "read back (--no-drop-caches: all warm), for larder and peers alike. Larder",
                    "runs as a child process (this JVM's class path, or --larder-cmd), so its",
                    "figures include JVM start-up, which is reported on its own line. Restores get",
                    "--no-sync unless --sync: tar, cp and rsync do not fsync either.",
                    "Needs tar, zstd and rsync on PATH (Debian packages of those names). Scratch",
                    "files go to a fresh directory under --dir, deleted at the end, also on",
                    "failure or Ctrl-C. Full run: ~1.2 GB of trees, several minutes; --quick ~1.",
                    "Exit codes: 0 ok, 1 a step failed, 2 cannot run (missing tools or store).",
                    ""})
    static final class Store implements Callable<Integer> {
        @Option(names = "--quick", description = "Small trees (3,000 files; 4 x 16 MiB): about a minute.")
        boolean quick;

        @Option(names = "--json", description = "Print one JSON object with every figure on stdout.")
        boolean json;

        @Option(names = "--repeats", paramLabel = "N", description = "Measured runs per figure (default: 3).")
        Integer repeats;

        @Option(names = "--files", paramLabel = "N", description = "Files in the 'deps' tree (default: 30000, or 3000 with --quick).")
        Integer files;

        @Option(names = "--tree", paramLabel = "DIR",
                description = "Measure a copy of this existing tree instead of the generated ones (not with --files or --quick).")
        Path tree;

        @Option(names = "--dir", paramLabel = "PATH", description = "Where the scratch directory goes (default: the system temp dir).")
        Path dir;

        @Option(names = "--larder-cmd", paramLabel = "PATH",
                description = "Executable taking larder's arguments (e.g. ./larder) instead of this JVM's class path.")
        Path larderCmd;

        @Option(names = "--sync", description = "Let larder restore fsync (no --no-sync); the peers still do not.")
        boolean sync;

        @Option(names = "--no-drop-caches", description = {"Do not drop the page cache before each run. By default (as root)",
                "every run, larder's and the peers', starts with only its inputs cached."})
        boolean noDropCaches;

        @Override
        public Integer call() {
            int n = repeats != null ? repeats : 3;
            if (n < 1) throw new IllegalArgumentException("--repeats must be at least 1: " + n);
            if (files != null && files < 2) throw new IllegalArgumentException("--files must be at least 2: " + files);
            var options = new StoreBench.Options(quick, json, dir, n, files != null ? files : 0, larderCmd, sync, !noDropCaches,
                    tree);
            return StoreBench.run(options, System.out, System.err);
        }
    }
}
