package dev.larder.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.larder.disk.DiskCache;
import dev.larder.disk.DiskStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder disk ...}: inspect and use a disk cache file directly. */
@Command(name = "disk", mixinStandardHelpOptions = true,
        description = "Use a Larder disk cache file directly (created on first put).",
        subcommands = {DiskCommand.Stats.class, DiskCommand.Get.class, DiskCommand.Put.class})
final class DiskCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Open (recovering) and print statistics.")
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The data file.")
        Path file;

        @Option(names = "--json", description = "One JSON object on stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!file.toFile().exists()) throw new IllegalArgumentException(file + " does not exist");
            long startNs = System.nanoTime();
            try (DiskCache cache = DiskCache.builder(file).open()) {
                long openMs = (System.nanoTime() - startNs) / 1_000_000;
                DiskStats stats = cache.stats();
                System.out.print(json ? StatsFormat.json(stats, openMs) : StatsFormat.table(stats, openMs));
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of KEY (exit 1 if absent).")
    static final class Get implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Parameters(index = "1", paramLabel = "KEY") String key;

        @Override
        public Integer call() throws Exception {
            if (!file.toFile().exists()) throw new IllegalArgumentException(file + " does not exist");
            try (DiskCache cache = DiskCache.builder(file).open()) {
                byte[] value = cache.get(key.getBytes(UTF_8));
                if (value == null) return 1;
                System.out.write(value);
                System.out.println();
                return 0;
            }
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Store VALUE under KEY, durably.")
    static final class Put implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Parameters(index = "1", paramLabel = "KEY") String key;
        @Parameters(index = "2", paramLabel = "VALUE") String value;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Expire after this long (ISO-8601, e.g. PT10M).")
        Duration ttl;

        @Option(names = "--capacity", paramLabel = "BYTES", description = "Size of a new file (default: 1 GiB).")
        Long capacityBytes;

        @Override
        public Integer call() throws Exception {
            var builder = DiskCache.builder(file);
            if (capacityBytes != null) builder.capacityBytes(capacityBytes);
            try (DiskCache cache = builder.open()) {
                if (ttl == null) cache.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
                else cache.put(key.getBytes(UTF_8), value.getBytes(UTF_8), ttl);
            }
            return 0;
        }
    }
}
