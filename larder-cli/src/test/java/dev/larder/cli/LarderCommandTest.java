package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line gets only the subcommand it names; help and mistakes still see every one. */
class LarderCommandTest {
    private static final String[] NAMES = {"serve", "snapshot", "restore", "ls", "diff", "verify", "gc", "rm", "bench", "disk"};

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        for (String name : NAMES) {
            CommandLine line = LarderCommand.commandLine(name, "--help");
            assertThat(line.getSubcommands().keySet()).as(name).containsExactly(name);
            StringWriter out = new StringWriter();
            line.setOut(new PrintWriter(out));
            assertThat(line.execute(name, "--help")).as("%s --help", name).isZero();
            assertThat(out.toString()).startsWith("Usage: larder " + name);
        }
    }

    @Test
    void helpNoArgumentsAndUnknownNamesSeeEverySubcommand() {
        String[] everyOne = java.util.stream.Stream.concat(java.util.Arrays.stream(NAMES), java.util.stream.Stream.of("help")).toArray(String[]::new);
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "restore"}, {"restre", "a", "b"}}) {
            assertThat(LarderCommand.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args)).containsExactly(everyOne);
        }
        CommandLine typo = LarderCommand.commandLine("restre", "a", "b");
        StringWriter err = new StringWriter();
        typo.setErr(new PrintWriter(err));
        assertThat(typo.execute("restre", "a", "b")).isEqualTo(2);
        assertThat(err.toString()).contains("Did you mean: larder restore?");
    }
}
