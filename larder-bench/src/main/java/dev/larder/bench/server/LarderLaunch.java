package dev.larder.bench.server;

import dev.larder.bench.LarderChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a Larder server as a child process. By default it is this JVM's own class path
 * run by this JVM's {@code java} (the benchmark ships inside the larder jar, and larder-bench must
 * not depend on larder-server); {@code larderCmd} replaces that with an executable that takes
 * {@code serve [options]}, e.g. the {@code ./larder} wrapper script. {@code heap} is passed as
 * {@code -Xms} and {@code -Xmx}, a fixed heap as the README advises for a server, with
 * {@link #SERVE_JVM_OPTIONS}, only in the default launch; with {@code larderCmd} the JVM is the
 * command's business.
 *
 * @param larderCmd an executable taking {@code serve ...}; null for this JVM's class path
 * @param maxMemory Larder's {@code --maxmemory}, in Redis units ({@code 256mb})
 * @param diskCapacity Larder's {@code --disk-capacity}, in Redis units ({@code 8gb})
 * @param heap {@code -Xms} and {@code -Xmx} value for the child JVM ({@code 12g}); null for the JVM's default
 * @param extraArgs appended to {@code serve}'s options as given ({@code --larder-arg})
 */
public record LarderLaunch(Path larderCmd, String maxMemory, String diskCapacity, String heap, List<String> extraArgs) {
    /** The JVM options {@code ./larder serve} adds ({@code scripts/lib.sh} says why): heap on 2 MiB pages. */
    public static final List<String> SERVE_JVM_OPTIONS = List.of("-XX:+UseTransparentHugePages");
    /** Added with a fixed heap only: a growing heap would be touched inside GC pauses. */
    public static final List<String> FIXED_HEAP_JVM_OPTIONS = List.of("-XX:+AlwaysPreTouch");

    public LarderLaunch {
        extraArgs = List.copyOf(extraArgs);
    }

    public LarderLaunch withMemory(String maxMemory, String heap) {
        return new LarderLaunch(larderCmd, maxMemory, diskCapacity, heap, extraArgs);
    }

    public LarderLaunch withDiskCapacity(String diskCapacity) {
        return new LarderLaunch(larderCmd, maxMemory, diskCapacity, heap, extraArgs);
    }

    /** The full command line for a server on {@code 127.0.0.1:port} keeping its files in {@code dir}. */
    public List<String> command(int port, Path dir) {
        List<String> args = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--dir", dir.toString(), "--maxmemory", maxMemory, "--disk-capacity", diskCapacity));
        args.addAll(extraArgs);
        List<String> jvmOptions = new ArrayList<>(SERVE_JVM_OPTIONS);
        if (heap != null) { // growing the heap costs 4 KiB SETs a third (docs/performance.md)
            jvmOptions.addFirst("-Xms" + heap);
            jvmOptions.addAll(FIXED_HEAP_JVM_OPTIONS);
        }
        return LarderChild.command(larderCmd, heap, jvmOptions, args);
    }
}
