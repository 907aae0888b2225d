package dev.larder.bench.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random GETs from a Larder whose data is far larger than its memory tier, beside the same data
 * held entirely in memory. Two Larders run one after the other (never both, so they do not compete
 * for memory or disk), each:
 * <ol>
 *   <li>started with its memory settings ({@link #SPILLING}: 256 MiB tier, 2 GiB heap;
 *       {@link #IN_MEMORY}: 6 GiB tier, 12 GiB heap) and an 8 GiB disk tier;
 *   <li>loaded with {@code keys} values of 4 KiB by {@link KeyLoader} (4 GiB by default), then
 *       SAVEd, so the kernel's writeback of the load is over before the GETs (it made them 30–50 %
 *       slower, and by how much depended on how fast the load had been);
 *   <li>spot-checked: 1,000 random keys must read back byte for byte, else the GETs would time misses;
 *   <li>measured with {@code redis-benchmark -t get -r keys -P 1} and {@code -P 16} after a
 *       warm-up, sized by a calibration run on that server alone, {@code repeats} rounds;
 *   <li>stopped, and its directory deleted.
 * </ol>
 * The goal: larger-than-memory GET throughput at least {@link #GOAL_THROUGHPUT_RATIO} of in-memory.
 * The OS page cache is not dropped (that needs root), so on a machine with RAM to spare the disk
 * tier's reads may be served from the page cache unless Larder bypasses it.
 */
final class LargerThanMemory {
    static final long DEFAULT_KEYS = 1L << 20;
    static final int VALUE_BYTES = 4096;
    static final List<Integer> PIPELINES = List.of(1, 16);
    static final double GOAL_THROUGHPUT_RATIO = 0.5;
    static final String DISK_CAPACITY = "8gb";
    static final Memory SPILLING = new Memory("larger-than-memory", "256mb", "2g");
    static final Memory IN_MEMORY = new Memory("in-memory", "6gb", "12g");
    private static final long GiB = 1L << 30;
    private static final int LOAD_CONNECTIONS = 4;
    static final int SPOT_CHECKS = 1000;

    /** A Larder configuration under test: its {@code --maxmemory} and its child JVM's {@code -Xmx}. */
    record Memory(String name, String maxMemory, String heap) {}

    /** What one Larder did: its load, its spot check, and its GET medians by pipeline depth. */
    record Side(Memory memory, List<String> command, KeyLoader.Result load, int spotHits, Map<Integer, Medians> gets) {}

    record Result(Side spilling, Side inMemory, List<Comparison> comparisons) {}

    private final ScratchDir scratch;
    private final Cleanup cleanup;
    private final LarderLaunch launch;
    private final RedisBenchmark bench;
    private final RequestSizing sizing;
    private final long fixedRequests;
    private final int repeats;
    private final long keys;
    private final ProgressLog log;

    LargerThanMemory(ScratchDir scratch, Cleanup cleanup, LarderLaunch launch, RedisBenchmark bench,
            RequestSizing sizing, long fixedRequests, int repeats, long keys, ProgressLog log) {
        this.scratch = scratch;
        this.cleanup = cleanup;
        this.launch = launch.withDiskCapacity(DISK_CAPACITY);
        this.bench = bench;
        this.sizing = sizing;
        this.fixedRequests = fixedRequests;
        this.repeats = repeats;
        this.keys = keys;
        this.log = log;
    }

    /** Free disk the run needs: the disk tier may be preallocated, and a log may hold the data again. */
    static long requiredDiskBytes(long keys) {
        return Math.max(8 * GiB, 2 * keys * VALUE_BYTES) + 2 * GiB;
    }

    /** Physical memory the in-memory side needs: the data twice over (heap overhead) plus room for the OS. */
    static long requiredMemoryBytes(long keys) {
        return 2 * keys * VALUE_BYTES + 4 * GiB;
    }

    /** @throws ServerRuns.CannotRunException naming what is short, before anything starts */
    void checkResources() throws IOException {
        long needDisk = requiredDiskBytes(keys);
        long usable = scratch.usableBytes();
        if (usable < needDisk) {
            throw new ServerRuns.CannotRunException(String.format(Locale.ROOT, "not enough free disk in %s for the "
                    + "larger-than-memory run: needs %.1f GiB, %.1f GiB usable; pass --dir on a larger filesystem "
                    + "or fewer --ltm-keys", scratch.dir(), needDisk / (double) GiB, usable / (double) GiB));
        }
        long needMemory = requiredMemoryBytes(keys);
        long physical = physicalMemoryBytes();
        if (physical > 0 && physical < needMemory) {
            throw new ServerRuns.CannotRunException(String.format(Locale.ROOT, "not enough memory for the in-memory side of "
                    + "the larger-than-memory run: needs %.1f GiB, the machine has %.1f GiB; pass fewer --ltm-keys",
                    needMemory / (double) GiB, physical / (double) GiB));
        }
    }

    Result run() throws IOException {
        Side spilling = measure(SPILLING);
        Side inMemory = measure(IN_MEMORY);
        List<Comparison> comparisons = new ArrayList<>();
        for (int p : PIPELINES) {
            comparisons.add(new Comparison(new Workload("get", VALUE_BYTES, p), inMemory.gets().get(p), spilling.gets().get(p)));
        }
        return new Result(spilling, inMemory, comparisons);
    }

    private Side measure(Memory memory) throws IOException {
        int port = ServerProcess.freeLoopbackPort();
        Path dir = scratch.dir().resolve(memory.name());
        LarderLaunch sideLaunch = launch.withMemory(memory.maxMemory(), memory.heap());
        log.step("%s: starting Larder on port %d (--maxmemory %s, -Xmx%s)", memory.name(), port, memory.maxMemory(),
                memory.heap());
        ServerProcess larder = cleanup.register(ServerProcess.start("larder-" + memory.name(),
                sideLaunch.command(port, dir), port, dir, Duration.ofSeconds(120)));
        try {
            KeyLoader loader = new KeyLoader(port, VALUE_BYTES);
            log.step("%s: loading %,d keys x %d bytes", memory.name(), keys, VALUE_BYTES);
            KeyLoader.Result load = loader.load(keys, LOAD_CONNECTIONS);
            log.step("%s: loaded in %.1f s: %,.0f keys/s, %,.0f MiB/s", memory.name(), load.seconds(),
                    load.keysPerSecond(), load.mibPerSecond());
            long saveStartNs = System.nanoTime();
            try (RespConnection connection = RespConnection.open(port, 600_000)) {
                connection.call("SAVE"); // its fsync waits out the load's writeback, which would slow the GETs
            }
            log.step("%s: SAVE after the load: %.1f s", memory.name(), (System.nanoTime() - saveStartNs) / 1e9);
            int hits = spotCheck(port, loader);
            log.step("%s: spot check: %d of %d random keys read back intact", memory.name(), hits, SPOT_CHECKS);
            return new Side(memory, larder.command(), load, hits, gets(larder, memory));
        } finally {
            cleanup.closeNow(larder);
            scratch.delete(dir);
        }
    }

    private int spotCheck(int port, KeyLoader loader) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int hits = 0;
        try (RespConnection connection = RespConnection.open(port, 30_000)) {
            for (int n = 0; n < SPOT_CHECKS; n++) {
                long i = random.nextLong(keys);
                if (connection.call("GET", KeyLoader.keyName(i)) instanceof byte[] value && loader.holds(i, value)) hits++;
            }
        }
        return hits;
    }

    private Map<Integer, Medians> gets(ServerProcess larder, Memory memory) throws IOException {
        bench.run(larder.port(), get(PIPELINES.getLast()), sizing.warmUpRequests(), keys); // JIT warm-up, discarded
        Map<Integer, Long> requests = new LinkedHashMap<>();
        for (int p : PIPELINES) {
            double rps = bench.run(larder.port(), get(p), sizing.calibrationRequests(), keys).rps();
            long again = sizing.recalibrationRequests(rps);
            if (again > 0) rps = bench.run(larder.port(), get(p), again, keys).rps();
            requests.put(p, fixedRequests > 0 ? fixedRequests : sizing.requests(rps));
        }
        Map<Integer, List<BenchmarkResult>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= repeats; round++) {
            for (int p : PIPELINES) {
                BenchmarkResult r = bench.run(larder.port(), get(p), requests.get(p), keys);
                log.step("%s: GET P=%-2d n=%,9d %,12.0f ops/s  p50 %.3f ms  p99 %.3f ms", memory.name(), p,
                        requests.get(p), r.rps(), r.p50Ms(), r.p99Ms());
                runs.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
            }
        }
        Map<Integer, Medians> medians = new LinkedHashMap<>();
        runs.forEach((p, list) -> medians.put(p, Medians.of(list, requests.get(p))));
        return medians;
    }

    private static Workload get(int pipeline) {
        return new Workload("get", VALUE_BYTES, pipeline);
    }

    static long physicalMemoryBytes() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }
}
