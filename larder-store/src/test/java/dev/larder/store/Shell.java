package dev.larder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a bash script in a directory, for tests that make or inspect trees without the code under test. */
public final class Shell {
    private Shell() {}

    /** The script's output, one char per byte (so names that are not UTF-8 stay exact); fails the test on a non-zero exit. */
    public static String run(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-euc", script).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
