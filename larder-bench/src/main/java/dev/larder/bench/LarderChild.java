package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a benchmark runs larder as a child process: the given executable (e.g. {@code ./larder}),
 * or this JVM's java and class path with larder's main class, so the benchmark measures the build
 * it was started from (with the AOT cache {@code ./larder} keeps beside the jar for that command,
 * when current).
 */
public final class LarderChild {
    public static final String MAIN_CLASS = "dev.larder.cli.LarderCommand";
    /** The commands {@code ./larder} starts with the store's JVM options and AOT cache. */
    public static final Set<String> STORE_COMMANDS = Set.of("snapshot", "restore", "ls", "diff", "verify", "gc", "rm");

    private LarderChild() {}

    /** The command line for {@code larder args...}; {@code heap} ("4g") and {@code jvmOptions} apply to the JVM form only. */
    public static List<String> command(Path larderCmd, String heap, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        if (larderCmd != null) command.add(larderCmd.toString());
        else command.addAll(java(MAIN_CLASS, heap, jvmOptions, !args.isEmpty() && STORE_COMMANDS.contains(args.getFirst())));
        command.addAll(args);
        return command;
    }

    /** This JVM's java and class path running {@code mainClass}, with native access, as larder itself runs. */
    public static List<String> java(String mainClass, String heap, List<String> jvmOptions) {
        return java(mainClass, heap, jvmOptions, false);
    }

    private static List<String> java(String mainClass, String heap, List<String> jvmOptions, boolean storeCommand) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (heap != null) command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        Path aotCache = aotCache(classPath, storeCommand);
        if (aotCache != null) command.addAll(List.of("-XX:AOTCache=" + aotCache, "-Xlog:aot*=off"));
        command.addAll(List.of("-cp", classPath, mainClass));
        return command;
    }

    /**
     * The AOT cache {@code ./larder} made beside the jar, if current: children start as ./larder's
     * do, a store command with the store's cache, or the shared one where that is missing.
     */
    private static Path aotCache(String classPath, boolean storeCommand) {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) return null;
        Path jar = Path.of(classPath);
        Path storeCache = storeAotCacheBeside(jar);
        return currentOrNull(storeCommand && Files.isRegularFile(storeCache) ? storeCache : aotCacheBeside(jar), jar);
    }

    private static Path currentOrNull(Path cache, Path jar) {
        try {
            return Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0 ? cache : null;
        } catch (IOException e) {
            return null; // no cache: start without one
        }
    }

    /** Where {@code ./larder} keeps the AOT cache of {@code jar}: the same name, ending {@code .aot}. */
    public static Path aotCacheBeside(Path jar) {
        return besideJar(jar, ".aot");
    }

    /** Where {@code ./larder} keeps the AOT cache of {@code jar} for {@link #STORE_COMMANDS}. */
    public static Path storeAotCacheBeside(Path jar) {
        return besideJar(jar, "-store.aot");
    }

    private static Path besideJar(Path jar, String suffix) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + suffix);
    }
}
