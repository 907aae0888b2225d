package dev.larder.cli;

import dev.larder.store.FileErrors;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code larder} command: entry point and error reporting for every subcommand. */
@Command(name = "larder", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A fast local storage engine: Redis-compatible server, content store, disk cache, benchmarks.")
public final class LarderCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /**
     * The subcommands, in the order help lists them. A command line that starts with one gets only
     * that one: picocli reflects over every option of every command it is given, ~3 ms a command
     * that each store command's start paid for nothing (docs/performance.md).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, SnapshotCommand.class, RestoreCommand.class,
            LsCommand.class, DiffCommand.class, VerifyCommand.class, GcCommand.class, RmCommand.class, BenchCommand.class, DiskCommand.class);

    public static void main(String[] args) {
        int code = commandLine(args).execute(args);
        // System.exit first sets up java.util.logging to log the call (JDK 21 on): ~20 ms of a
        // store command's ~0.13 s. A command that succeeded and left no thread running returns.
        if (code != 0 || othersRunning()) System.exit(code);
    }

    /** True if a thread other than this one would keep the JVM up (the server's, a benchmark's). */
    private static boolean othersRunning() {
        Thread[] threads = new Thread[Thread.activeCount() + 16];
        int n = Thread.enumerate(threads); // this thread's group and its subgroups: every pool's threads
        for (int i = 0; i < n; i++) if (threads[i] != Thread.currentThread() && threads[i].isAlive() && !threads[i].isDaemon()) return true;
        return n == threads.length; // more than it could list: assume so
    }

    /** The command line for {@code args}: with the subcommand they name, else (help, a mistake) with all of them. */
    static CommandLine commandLine(String... args) {
        CommandLine line = new CommandLine(new LarderCommand());
        Class<?> named = args.length == 0 ? null
                : SUBCOMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).findFirst().orElse(null);
        if (named != null) {
            line.addSubcommand(named);
        } else {
            SUBCOMMANDS.forEach(line::addSubcommand);
            line.addSubcommand(new CommandLine.HelpCommand());
        }
        return line.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // Expected failures (bad file, bad setting, I/O) get one line; anything else a trace.
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("larder: " + FileErrors.describe(e));
                return cmd.getCommandSpec().exitCodeOnExecutionException(); // 1, or 2 where 1 means something else (diff)
            }
            throw e;
        });
    }
}
