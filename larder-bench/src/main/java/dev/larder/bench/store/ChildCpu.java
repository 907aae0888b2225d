package dev.larder.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user and system) of this process's reaped children, and of theirs: Linux adds a
 * child's times, with those of the children it reaped, to its parent's when the parent waits for
 * it (/proc/self/stat, cutime and cstime). The JDK reaps every child it starts, so the change
 * around one run is that run's CPU time, peers' subprocesses (tar's zstd) included.
 */
final class ChildCpu {
    /** USER_HZ: /proc reports times in these ticks; 100 on every Linux ABI. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path STAT = Path.of("/proc/self/stat");

    private ChildCpu() {}

    static long reapedNanos() {
        try {
            return fromStat(Files.readString(STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STAT, e);
        }
    }

    /** cutime + cstime (fields 16 and 17) from a stat line; fields are counted after the name's ')'. */
    static long fromStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
