package dev.larder.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A named list of steps run against both servers. Built fluently; commands are written as text
 * ({@code "SET k \"a b\" EX 100"}, see {@link CommandText}) or as byte arrays for binary data.
 */
final class Script {
    private final String name;
    private final List<Step> steps = new ArrayList<>();

    private Script(String name) {
        this.name = name;
    }

    static Script named(String name) {
        return new Script(name);
    }

    /** One step per line of text. */
    Script cmds(String... lines) {
        for (String line : lines) steps.add(CommandText.parse(line));
        return this;
    }

    Script cmd(byte[]... args) {
        steps.add(new Step.Command(Arrays.asList(args)));
        return this;
    }

    /** Raw bytes (given as Latin-1 text) that answer with {@code replies} replies. */
    Script raw(String bytes, int replies) {
        steps.add(new Step.Raw(bytes.getBytes(StandardCharsets.ISO_8859_1), replies, false));
        return this;
    }

    /** Raw bytes that answer with one error reply and then close the connection. */
    Script rawThenClosed(String bytes) {
        steps.add(new Step.Raw(bytes.getBytes(StandardCharsets.ISO_8859_1), 1, true));
        return this;
    }

    /** The lines sent in one write; their replies compared one by one. */
    Script pipeline(String... lines) {
        List<Step.Command> commands = new ArrayList<>();
        for (String line : lines) commands.add(CommandText.parse(line));
        steps.add(new Step.Pipeline(commands));
        return this;
    }

    Script step(Step step) {
        steps.add(step);
        return this;
    }

    /** The same steps after HELLO 3, so every reply comes in RESP3 (until a step switches back). */
    Script inResp3() {
        Script copy = new Script(name + " [RESP3]");
        copy.steps.add(CommandText.parse("HELLO 3"));
        copy.steps.addAll(steps);
        return copy;
    }

    String name() {
        return name;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** One step a line, numbered as mismatch reports number them: for reproducing a failure. */
    String listing() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) text.append("  ").append(i).append(": ").append(steps.get(i)).append('\n');
        return text.toString();
    }
}
