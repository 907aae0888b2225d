package dev.larder.bench.store;

import dev.larder.store.ContentStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A process that embeds the store (the Java API) and snapshots one tree again and again, as a
 * build tool or agent that stays up would: no JVM start-up, and code compiled by the later runs.
 * Prints each run's wall time in nanoseconds, one per line. Run by {@link StoreRuns} as a child:
 * {@code ResidentSnapshots STORE DIR NAME RUNS}.
 */
public final class ResidentSnapshots {
    private ResidentSnapshots() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ResidentSnapshots STORE DIR NAME RUNS");
            System.exit(2);
        }
        ContentStore store = ContentStore.open(Path.of(args[0]));
        Path dir = Path.of(args[1]);
        int runs = Integer.parseInt(args[3]);
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            store.snapshot(dir, args[2], false, _ -> {});
            System.out.println(System.nanoTime() - start);
        }
    }
}
