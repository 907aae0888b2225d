package dev.larder.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a benchmark runs larder as a child process: the given executable (e.g. {@code ./larder}),
 * or this JVM's java and class path with larder's main class, so the benchmark measures the build
 * it was started from.
 */
public final class LarderChild {
    public static final String MAIN_CLASS = "dev.larder.cli.LarderCommand";

    private LarderChild() {}

    /** The command line for {@code larder args...}; {@code heap} ("4g") applies to the JVM form only. */
    public static List<String> command(Path larderCmd, String heap, List<String> args) {
        List<String> command = new ArrayList<>();
        if (larderCmd != null) {
            command.add(larderCmd.toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            if (heap != null) command.add("-Xmx" + heap);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        }
        command.addAll(args);
        return command;
    }
}
