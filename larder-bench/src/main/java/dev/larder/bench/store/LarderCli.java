package dev.larder.bench.store;

import dev.larder.bench.LarderChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command lines for the {@code larder} CLI run as a child process: this JVM's {@code java} with
 * this JVM's class path (the benchmark ships inside the larder jar, and larder-bench must not
 * depend on larder-store), or {@code larderCmd}, an executable such as the {@code ./larder} script.
 *
 * @param larderCmd executable taking larder's arguments; null for this JVM's class path
 */
public record LarderCli(Path larderCmd) {
    /**
     * The JVM options {@code ./larder} gives the store's commands ({@code scripts/lib.sh} says why):
     * C1 only. Only in the JVM form; with {@code larderCmd} the executable chooses.
     */
    public static final List<String> STORE_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    private static final Pattern CATALOG = Pattern.compile("\"catalog\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([0-9A-Za-z._-]+))");

    public List<String> snapshot(Path dir, Path store, String name) {
        return command("snapshot", dir.toString(), "--store", store.toString(), "--name", name, "--json");
    }

    /** {@code restore}; {@code sync} false adds {@code --no-sync}, matching the peers, which do not fsync. */
    public List<String> restore(String catalog, Path target, Path store, boolean sync) {
        List<String> command = command("restore", catalog, target.toString(), "--store", store.toString(), "--json");
        if (!sync) command.add("--no-sync");
        return command;
    }

    /** {@link #restore} with {@code --link}: files become hardlinks to the store's read-only copies. */
    public List<String> restoreLinked(String catalog, Path target, Path store, boolean sync) {
        List<String> command = restore(catalog, target, store, sync);
        command.add("--link");
        return command;
    }

    /** {@code --version}: measures what starting the CLI costs, a floor under every larder figure. */
    public List<String> version() {
        return command("--version");
    }

    /** {@code COMMAND --help}: succeeds only if this larder has the command. */
    public List<String> help(String subcommand) {
        return command(subcommand, "--help");
    }

    /** The catalog id in {@code snapshot --json}'s output. */
    public static String catalogId(String stdout) {
        Matcher m = CATALOG.matcher(stdout);
        if (!m.find()) {
            throw new IllegalStateException("larder snapshot --json printed no \"catalog\" field; it printed: " + stdout.strip());
        }
        return m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
    }

    /**
     * {@link ResidentSnapshots}: {@code runs} snapshots of {@code dir} in one process, through
     * the Java API of this JVM's build (also under --larder-cmd).
     */
    public List<String> residentSnapshots(Path dir, Path store, String name, int runs) {
        List<String> command = new ArrayList<>(LarderChild.java(ResidentSnapshots.class.getName(), null, List.of()));
        command.addAll(List.of(store.toString(), dir.toString(), name, String.valueOf(runs)));
        return command;
    }

    private List<String> command(String... args) {
        return LarderChild.command(larderCmd, null, STORE_JVM_OPTIONS, List.of(args));
    }
}
