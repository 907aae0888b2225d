package dev.larder.io;

import java.util.concurrent.atomic.LongAdder;

/** Device-level I/O counters; cheap to bump from any thread. */
public final class IoStats {
    final LongAdder readOps = new LongAdder();
    final LongAdder readBytes = new LongAdder();
    final LongAdder writeOps = new LongAdder();
    final LongAdder writeBytes = new LongAdder();
    final LongAdder syncs = new LongAdder();

    public long readOps() { return readOps.sum(); }
    public long readBytes() { return readBytes.sum(); }
    public long writeOps() { return writeOps.sum(); }
    public long writeBytes() { return writeBytes.sum(); }
    public long syncs() { return syncs.sum(); }

    /** Counts a read served from the mapping rather than a syscall. */
    public void countMappedRead(long bytes) {
        readOps.increment();
        readBytes.add(bytes);
    }
}
