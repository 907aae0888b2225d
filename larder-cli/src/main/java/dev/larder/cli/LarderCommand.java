package dev.larder.cli;

import dev.larder.store.FileErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code larder} command: entry point and error reporting for every subcommand. */
@Command(name = "larder", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A fast local storage engine: Redis-compatible server, content store, disk cache, benchmarks.",
        subcommands = {ServeCommand.class, SnapshotCommand.class, RestoreCommand.class, LsCommand.class, DiffCommand.class,
                VerifyCommand.class, GcCommand.class, RmCommand.class, BenchCommand.class, DiskCommand.class,
                CommandLine.HelpCommand.class})
public final class LarderCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LarderCommand()).setExecutionExceptionHandler((e, cmd, parseResult) -> {
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
