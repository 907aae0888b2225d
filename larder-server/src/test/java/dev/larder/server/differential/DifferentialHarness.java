package dev.larder.server.differential;

import dev.larder.server.testing.RespConnection;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs scripts against a reference server (redis-server) and a server under test in lock step and
 * compares their replies one by one, under the {@link ReplyRule} of each command.
 *
 * <p>Each script starts on fresh connections with FLUSHALL and SELECT 0 on both servers; when the
 * servers require a password, FLUSHALL goes over a connection of its own and the script's
 * connections start unauthenticated. A
 * mismatch does not stop the script (later steps may show more), but a server under test that does
 * not answer does: the connection's framing is lost. The reference server failing is a bug in
 * the script and throws at once.
 */
final class DifferentialHarness {
    private static final int MAX_REPORTED = 20;

    private final String expectedName;
    private final int expectedPort;
    private final String actualName;
    private final int actualPort;
    /** The servers' requirepass, or null when they have none. */
    private final String password;

    DifferentialHarness(String expectedName, int expectedPort, String actualName, int actualPort) {
        this(expectedName, expectedPort, actualName, actualPort, null);
    }

    DifferentialHarness(String expectedName, int expectedPort, String actualName, int actualPort, String password) {
        this.expectedName = expectedName;
        this.expectedPort = expectedPort;
        this.actualName = actualName;
        this.actualPort = actualPort;
        this.password = password;
    }

    /** Runs the script and fails, naming every mismatching step, if the servers disagree. */
    void run(Script script) {
        List<Mismatch> mismatches = mismatches(script);
        if (!mismatches.isEmpty()) throw new AssertionError(report(script, mismatches));
    }

    /** Runs the script and returns the steps where the servers disagreed. */
    List<Mismatch> mismatches(Script script) {
        List<Mismatch> found = new ArrayList<>();
        try (Connections connections = new Connections()) {
            connections.prepare();
            List<Step> steps = script.steps();
            for (int i = 0; i < steps.size(); i++) {
                if (!runStep(i, steps.get(i), connections, found)) break;
            }
        }
        return found;
    }

    String report(Script script, List<Mismatch> mismatches) {
        StringBuilder text = new StringBuilder("script '" + script.name() + "': " + mismatches.size() + " mismatching step(s)\n");
        for (Mismatch m : mismatches.subList(0, Math.min(MAX_REPORTED, mismatches.size()))) {
            text.append("  ").append(m.describe(expectedName, actualName)).append('\n');
        }
        return text.append("script:\n").append(script.listing()).toString();
    }

    /** Returns false when the script cannot go on (the server under test stopped answering). */
    private boolean runStep(int index, Step step, Connections connections, List<Mismatch> found) {
        return switch (step) {
            case Step.Command command -> runCommands(index, List.of(command), RespConnection.encode(toArray(command)), connections, found);
            case Step.Pipeline pipeline -> runCommands(index, pipeline.commands(), encodeAll(pipeline.commands()), connections, found);
            case Step.Raw raw -> runRaw(index, raw, connections, found);
        };
    }

    private boolean runCommands(int index, List<Step.Command> commands, byte[] request, Connections connections, List<Mismatch> found) {
        connections.expected.sendRaw(request);
        List<byte[]> expectedReplies = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) expectedReplies.add(connections.expected.read());
        connections.actual.sendRaw(request);
        List<byte[]> actualReplies = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Step.Command command = commands.get(i);
            String label = commands.size() == 1 ? command.toString() : "[" + i + "] " + command;
            try {
                actualReplies.add(connections.actual.read());
            } catch (UncheckedIOException e) {
                found.add(new Mismatch(index, label, ReplyText.render(expectedReplies.get(i)), "<" + e.getMessage() + ">", "no reply"));
                return false;
            }
            compare(index, label, command, expectedReplies.get(i), actualReplies.get(i), found);
        }
        // Completing a SCAN needs more calls, so it waits until the whole batch has been answered.
        for (int i = 0; i < commands.size(); i++) {
            if (ReplyRule.of(commands.get(i)) != ReplyRule.SCAN_ALL) continue;
            if (!compareScans(index, commands.get(i), expectedReplies.get(i), actualReplies.get(i), connections, found)) return false;
        }
        if (commands.getLast().name().equals("QUIT")) return expectClosed(index, commands.getLast().toString(), connections, found);
        return true;
    }

    /** Iterates SCAN to cursor 0 on both servers and compares the sets of keys seen. */
    private boolean compareScans(int index, Step.Command scan, byte[] expectedFirst, byte[] actualFirst, Connections connections, List<Mismatch> found) {
        RespNode expectedNode = RespNode.parse(expectedFirst);
        RespNode actualNode = RespNode.parse(actualFirst);
        if (expectedNode.isError() || actualNode.isError()) return true; // compare() has judged these
        if (!ScanCompletion.isPage(actualNode)) {
            found.add(new Mismatch(index, scan.toString(), ReplyText.render(expectedFirst), ReplyText.render(actualFirst), "not a SCAN page"));
            return true;
        }
        List<String> expectedKeys = ScanCompletion.keys(connections.expected, scan, expectedNode);
        List<String> actualKeys;
        try {
            actualKeys = ScanCompletion.keys(connections.actual, scan, actualNode);
        } catch (UncheckedIOException | IllegalStateException e) {
            found.add(new Mismatch(index, scan + " (iterated to cursor 0)", readable(expectedKeys), "<" + e.getMessage() + ">", "SCAN iteration failed"));
            return !(e instanceof UncheckedIOException);
        }
        if (!expectedKeys.equals(actualKeys)) {
            found.add(new Mismatch(index, scan + " (iterated to cursor 0)", readable(expectedKeys), readable(actualKeys), "different keys (order ignored)"));
        }
        return true;
    }

    private void compare(int index, String label, Step.Command command, byte[] expected, byte[] actual, List<Mismatch> found) {
        RespNode e = RespNode.parse(expected);
        RespNode a = RespNode.parse(actual);
        String why = ReplyRule.of(command).difference(e, a);
        if (why != null) found.add(new Mismatch(index, label, ReplyText.render(expected), ReplyText.render(actual), why));
    }

    private boolean runRaw(int index, Step.Raw raw, Connections connections, List<Mismatch> found) {
        connections.expected.sendRaw(raw.bytes());
        connections.actual.sendRaw(raw.bytes());
        for (int i = 0; i < raw.replies(); i++) {
            byte[] expected = connections.expected.read();
            byte[] actual;
            try {
                actual = connections.actual.read();
            } catch (UncheckedIOException e) {
                found.add(new Mismatch(index, raw.toString(), ReplyText.render(expected), "<" + e.getMessage() + ">", "no reply"));
                return false;
            }
            if (!Arrays.equals(expected, actual)) {
                found.add(new Mismatch(index, raw + " (reply " + i + ")", ReplyText.render(expected), ReplyText.render(actual), "replies differ"));
            }
        }
        return !raw.closes() || expectClosed(index, raw.toString(), connections, found);
    }

    /** Both servers must hang up; then both connections are reopened so the script can go on. */
    private boolean expectClosed(int index, String what, Connections connections, List<Mismatch> found) {
        boolean expectedClosed = connections.expected.closedByPeer();
        boolean actualClosed = connections.actual.closedByPeer();
        if (!expectedClosed) throw new IllegalStateException(expectedName + " kept the connection open after: " + what);
        if (!actualClosed) found.add(new Mismatch(index, what, "<connection closed>", "<connection still open>", "connection state"));
        connections.reopen();
        return true;
    }

    private static String readable(List<String> keys) {
        return keys.stream().map(k -> ReplyText.render(k.getBytes(StandardCharsets.ISO_8859_1))).toList().toString();
    }

    static byte[][] toArray(Step.Command command) {
        return command.args().toArray(byte[][]::new);
    }

    private static byte[] encodeAll(List<Step.Command> commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Step.Command command : commands) bytes.writeBytes(RespConnection.encode(toArray(command)));
        return bytes.toByteArray();
    }

    /** One connection to each server, opened in the state every script starts from. */
    private final class Connections implements AutoCloseable {
        RespConnection expected;
        RespConnection actual;

        Connections() {
            open();
        }

        private void open() {
            expected = RespConnection.open(expectedPort);
            actual = RespConnection.open(actualPort);
        }

        void reopen() {
            close();
            open();
        }

        void prepare() {
            prepare(expected, expectedPort, expectedName);
            prepare(actual, actualPort, actualName);
        }

        private void prepare(RespConnection connection, int port, String name) {
            if (password == null) {
                expectOk(connection, name, "FLUSHALL");
                expectOk(connection, name, "SELECT", "0");
                return;
            }
            try (RespConnection admin = RespConnection.open(port)) {
                expectOk(admin, name, "AUTH", password);
                expectOk(admin, name, "FLUSHALL");
            }
        }

        private static void expectOk(RespConnection connection, String name, String... command) {
            byte[] reply = connection.call(command);
            if (!Arrays.equals(reply, "+OK\r\n".getBytes(StandardCharsets.US_ASCII))) {
                throw new IllegalStateException(name + " answered " + String.join(" ", command) + " with " + ReplyText.render(reply));
            }
        }

        @Override
        public void close() {
            expected.close();
            actual.close();
        }
    }
}
