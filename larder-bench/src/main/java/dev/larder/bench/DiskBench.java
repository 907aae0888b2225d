package dev.larder.bench;

import dev.larder.bench.disk.BenchContext;
import dev.larder.bench.disk.DiskFigures;
import dev.larder.bench.disk.JsonReport;
import dev.larder.bench.disk.Progress;
import dev.larder.bench.disk.Report;
import dev.larder.bench.disk.Scratch;
import dev.larder.bench.disk.TableReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code larder bench disk [--quick] [--large] [--json] [--dir PATH] [--repeats N]}: measures the
 * disk cache beside the raw device in one run, for 4 KiB, 64 KiB and 1 MiB values:
 * <ol>
 *   <li>durable per-op writes (EVERY_WRITE) vs buffered writes (putBuffered + flush);
 *   <li>group commit: durable BATCH puts from 64 threads vs 1 thread;
 *   <li>buffered writes vs raw sequential {@code FileChannel} writes of the same bytes + fdatasync;
 *   <li>getAll of 100 neighbouring keys vs 100 single gets, cold (O_DIRECT) and warm (mmap);
 *   <li>with {@code --large} only: random gets from a store of >= 10 GiB, and index memory.
 * </ol>
 * Each figure is measured {@code repeats} times (default 5, 3 with {@code --quick}); the median is
 * reported with min and max, and every comparison as a ratio of medians. Human output is a table;
 * {@code --json} prints exactly one JSON object on stdout (progress always goes to stderr). All
 * files live in a fresh {@code larder-bench-*} directory under {@code --dir} (default: the system
 * temp dir), deleted at the end, also on failure or Ctrl-C.
 *
 * <p>Run: {@code ./larder bench disk [--quick] [--large] [--json] [--dir PATH] [--repeats N]
 * [--block-size BYTES]}.
 *
 * <p>Exit codes: 0 success; 1 a benchmark phase failed; 2 it could not run (bad arguments,
 * unusable directory, not enough free space).
 */
public final class DiskBench {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int CANNOT_RUN = 2;

    /**
     * @param dir where to create the scratch directory; null for the system temp dir
     * @param repeats how often each figure is measured; 0 or less for the default (5, or 3 with quick)
     * @param blockSizeBytes block size for the write figures (sections 1-3); 0 for the engine's default
     */
    public record Options(boolean quick, boolean large, boolean json, Path dir, int repeats, int blockSizeBytes) {
        public int effectiveRepeats() {
            return repeats > 0 ? repeats : quick ? 3 : 5;
        }
    }

    private DiskBench() {}

    /** Runs the benchmark; returns an exit code ({@link #OK}, {@link #FAILED}, {@link #CANNOT_RUN}). */
    public static int run(Options options, PrintStream out, PrintStream err) throws Exception {
        Progress progress = new Progress(err);
        Scratch scratch;
        try {
            scratch = Scratch.create(options.dir());
        } catch (IOException e) {
            err.println("larder bench disk: cannot create a scratch directory in "
                    + (options.dir() != null ? options.dir() : "the system temp dir") + ": " + e);
            return CANNOT_RUN;
        }
        try (scratch) {
            Report report = new Report();
            var ctx = new BenchContext(scratch, report, progress, options.effectiveRepeats(), options.blockSizeBytes());
            if (options.blockSizeBytes() != 0) report.setting("writeBlockSizeBytes", options.blockSizeBytes());
            DiskFigures figures = new DiskFigures(ctx, options.quick(), options.large());
            figures.checkSpace();
            figures.run();
            report.setting("elapsedSeconds", Math.round(progress.seconds() * 10) / 10.0);
            if (options.json()) out.println(JsonReport.render(report));
            else TableReport.print(report, out);
            progress.step("done; removing %s", scratch.dir());
            return OK;
        } catch (Scratch.NotEnoughSpaceException e) {
            err.println("larder bench disk: " + e.getMessage());
            return CANNOT_RUN;
        } catch (IOException | RuntimeException e) {
            err.println("larder bench disk: failed after " + String.format(Locale.ROOT, "%.1f", progress.seconds())
                    + " s: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }
}
