package dev.larder.bench.disk;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;

/** The facts a reader needs to compare two runs: cores, memory, JVM, and the disk under test. */
final class MachineNotes {
    private static final double GiB = 1L << 30;

    private MachineNotes() {}

    static void describe(Report report, Scratch scratch) throws IOException {
        Runtime rt = Runtime.getRuntime();
        FileStore store = scratch.store();
        report.machine("cores", rt.availableProcessors())
                .machine("memoryGiB", round1(physicalMemoryBytes() / GiB))
                .machine("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
                        + " " + Runtime.version())
                .machine("maxHeapGiB", round1(rt.maxMemory() / GiB))
                .machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                        + " " + System.getProperty("os.arch"))
                .machine("dir", scratch.dir().toString())
                .machine("filesystem", store.type())
                .machine("device", store.name())
                .machine("usableGiB", round1(store.getUsableSpace() / GiB));
    }

    private static long physicalMemoryBytes() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
