package dev.larder.cli;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training run behind the JVM's AOT cache (JEP 483, 514, 515), which {@code ./larder} makes
 * once per build with {@code -XX:AOTCacheOutput}: the commands people run most, on small inputs
 * in a temp directory, so their classes come loaded, linked and profiled at the next start
 * (what that saves is in docs/performance.md). The store commands get a cache of their own,
 * trained on them alone and with their JVM options: with the cache that also holds the server's
 * classes, {@code larder ls} started in 0.15 s instead of 0.13 s (design decision 25). Not a subcommand: nobody needs to run it by
 * hand, and a failure only costs the cache.
 */
public final class AotTraining {
    /** Enough files for the restore and snapshot paths to be profiled, small enough for ~2 s. */
    private static final int FILES = 400;
    /** Requests sent to the server, pipelined: enough for its hot paths to be profiled. */
    private static final int REQUESTS = 2_000;
    /** A server that stops answering fails the training rather than hanging it. Default: 30 s. */
    private static final int REPLY_TIMEOUT_MS = 30_000;

    private AotTraining() {}

    /** No argument: every command's classes; {@code store}: the store commands' alone. */
    public static void main(String[] args) throws Exception {
        train(args);
    }

    /** Runs the training {@code args} ask for; returns what it trained, "store" and "server". */
    static List<String> train(String[] args) throws IOException {
        boolean storeOnly = args.length == 1 && args[0].equals("store");
        if (args.length > 1 || args.length == 1 && !storeOnly) {
            throw new IllegalArgumentException("AotTraining takes no argument or \"store\", not " + String.join(" ", args));
        }
        List<String> trained = new ArrayList<>();
        Path dir = Files.createTempDirectory("larder-aot-training");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            storeCommands(dir);
            trained.add("store");
            if (!storeOnly) {
                server(dir.resolve("server"));
                trained.add("server");
            }
        } finally {
            System.setOut(out);
            deleteTree(dir);
        }
        return trained;
    }

    private static void storeCommands(Path dir) throws IOException {
        Path tree = writeTree(dir.resolve("tree"));
        String store = dir.resolve("store").toString();
        String target = dir.resolve("restored").toString();
        run("snapshot", "--store", store, "--name", "t", tree.toString());
        run("snapshot", "--store", store, "--name", "t", tree.toString());
        run("restore", "--store", store, "t", target);
        run("restore", "--store", store, "--json", "t", target);
        run("diff", "--store", store, "t", target);
        run("ls", "--store", store);
        run("verify", "--store", store);
    }

    private static void run(String... args) {
        int code = LarderCommand.commandLine(args).execute(args);
        if (code != 0) throw new IllegalStateException("larder " + String.join(" ", args) + " exited with " + code);
    }

    private static Path writeTree(Path root) throws IOException {
        Random rnd = new Random(1);
        for (int i = 0; i < FILES; i++) {
            Path file = root.resolve("pkg" + i % 20).resolve("lib").resolve("f" + i + ".js");
            Files.createDirectories(file.getParent());
            byte[] content = new byte[rnd.nextInt(8_000)];
            for (int b = 0; b < content.length; b++) content[b] = (byte) ('a' + rnd.nextInt(8));
            Files.write(file, content);
        }
        Files.createSymbolicLink(root.resolve("link"), Path.of("pkg0"));
        return root;
    }

    /** Starts a server on a free loopback port and sends it pipelined SET, GET, INCR, MGET and INFO. */
    private static void server(Path dataDir) throws IOException {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDir(dataDir).withDiskCapacity(64L << 20);
        try (LarderServer server = LarderServer.start(config);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(REPLY_TIMEOUT_MS);
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < REQUESTS; i++) {
                String key = "key:" + i % 100;
                requests.append(resp("SET", key, "value-" + i)).append(resp("GET", key)).append(resp("INCR", "counter:" + i % 10));
            }
            requests.append(resp("MGET", "key:1", "key:2", "key:3")).append(resp("INFO")).append(resp("QUIT"));
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // drain every reply; QUIT closes the connection
            }
        }
    }

    private static String resp(String... parts) {
        StringBuilder s = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) s.append('$').append(p.length()).append("\r\n").append(p).append("\r\n");
        return s.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
