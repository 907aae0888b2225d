package dev.larder.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The kill -9 half of a crash test: runs {@code main} in a child JVM on this test's class path,
 * waits for its first line starting with {@code readyPrefix}, lets it run {@code killDelayMs}
 * more, SIGKILLs it, and returns every line it printed before dying (stdout is drained to EOF,
 * so acknowledgements still in the pipe are kept). Fails if the child never gets ready or wrote
 * an exception to stderr.
 */
public final class KilledChild {
    private static final long READY_TIMEOUT_MS = 60_000;

    private KilledChild() {}

    /**
     * Per writer thread, the highest key index among {@code acked} keys of the form
     * {@code r<round>-t<thread>-k<index>} (-1 where a thread acknowledged none).
     */
    public static int[] highestAckedPerThread(Set<String> acked, int threads) {
        int[] highest = new int[threads];
        Arrays.fill(highest, -1);
        for (String key : acked) {
            String[] parts = key.split("-");
            int thread = Integer.parseInt(parts[1].substring(1));
            highest[thread] = Math.max(highest[thread], Integer.parseInt(parts[2].substring(1)));
        }
        return highest;
    }

    public static List<String> run(Path stderr, Class<?> main, List<String> args, String readyPrefix, long killDelayMs)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().name("crash-child-stdout").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith(readyPrefix)) ready.countDown();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            assertThat(ready.await(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .as("child got ready; stderr: %s", Files.readString(stderr)).isTrue();
            Thread.sleep(killDelayMs); // not synchronisation: the random moment of the crash
        } finally {
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // child's stdout and lose lines still in the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
        }
        reader.join(30_000);
        assertThat(reader.isAlive()).as("stdout drained").isFalse();
        assertThat(Files.readString(stderr)).as("child stderr").doesNotContain("Exception");
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
