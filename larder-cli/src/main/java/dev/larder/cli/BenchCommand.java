package dev.larder.cli;

import dev.larder.bench.DiskBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder bench ...}: workloads that put Larder beside its peers in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that measure Larder beside a peer in the same run.",
        subcommands = {BenchCommand.Disk.class})
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
}
