package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's commands as a user runs them: arguments, exit codes, the --json summaries and the
 * store's default location. The store's behaviour itself is tested in larder-store.
 */
class StoreCommandsTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run larder(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            var cmd = LarderCommand.commandLine(args);
            cmd.setErr(new java.io.PrintWriter(System.err, true));
            int exit = cmd.execute(args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}\\]]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1).replace("\"", "");
    }

    private Path tree() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("pkg/lib"));
        Files.writeString(src.resolve("pkg/lib/a.js"), "module.exports = 1;\n");
        Files.writeString(src.resolve("pkg/lib/b.js"), "module.exports = 2;\n");
        Files.writeString(src.resolve("pkg/README"), "readme\n".repeat(100));
        Files.createSymbolicLink(src.resolve("link"), Path.of("pkg/README"));
        return src;
    }

    @Test
    void snapshotRestoreDiffVerifyRmAndGcWorkAsTheReadmeShows() throws IOException {
        Path src = tree();
        String store = tmp.resolve("store").toString();
        Path out = tmp.resolve("out");

        Run snap = larder("snapshot", "--store", store, "--name", "app", "--json", src.toString());
        assertThat(snap.exit()).as(snap.err()).isZero();
        assertThat(field(snap.out(), "files")).isEqualTo("3");
        assertThat(field(snap.out(), "symlinks")).isEqualTo("1");
        String catalog = field(snap.out(), "catalog");
        assertThat(catalog).matches("[0-9a-f]{64}");
        assertThat(Double.parseDouble(field(snap.out(), "dedupRatio"))).as("logical bytes per new byte").isGreaterThanOrEqualTo(1.0);
        String again = larder("snapshot", "--store", store, "--name", "app", "--json", src.toString()).out();
        assertThat(field(again, "reusedFiles")).as("nothing changed: nothing re-read").isEqualTo("3");
        assertThat(field(again, "dedupRatio")).as("nothing new: no ratio").isEqualTo("null");
        assertThat(larder("snapshot", "--store", store, "--name", "app", src.toString()).out()).contains("\ndedupRatio: -\n");
        assertThat(field(larder("snapshot", "--store", store, "--name", "app", "--rehash", "--json", src.toString()).out(), "reusedFiles"))
                .isEqualTo("0");

        Run ls = larder("ls", "--store", store, "--json");
        assertThat(ls.exit()).isZero();
        assertThat(ls.out()).contains("\"id\":\"" + catalog + "\"", "\"names\":[\"app\"]");

        Run restore = larder("restore", "--store", store, "--json", "app", out.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(field(restore.out(), "filesWritten")).isEqualTo("3");
        assertThat(Files.readString(out.resolve("pkg/lib/b.js"))).isEqualTo("module.exports = 2;\n");
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("pkg/README"));
        assertThat(larder("restore", "--store", store, "--no-sync", "--json", catalog, out.toString()).out())
                .as("by id, nothing to do").contains("\"filesWritten\":0,");

        assertThat(larder("diff", "--store", store, "app", out.toString()).exit()).isZero();
        Files.writeString(out.resolve("pkg/lib/a.js"), "changed");
        Files.writeString(out.resolve("extra"), "x");
        Run diff = larder("diff", "--store", store, "app", out.toString());
        assertThat(diff.exit()).as("differences: exit 1, as diff(1)").isEqualTo(1);
        assertThat(diff.out().lines().toList()).containsExactlyInAnyOrder("- extra", "M pkg/lib/a.js");

        Run verify = larder("verify", "--store", store, "--json");
        assertThat(verify.exit()).isZero();
        assertThat(field(verify.out(), "ok")).isEqualTo("true");

        assertThat(larder("rm", "--store", store, "--json", "app").out())
                .contains("\"catalog\":\"" + catalog + "\"", "\"catalogRemoved\":true", "\"namesRemoved\":[\"app\"]");
        Run gc = larder("gc", "--store", store, "--json");
        assertThat(gc.exit()).isZero();
        assertThat(field(gc.out(), "liveBlobs")).isEqualTo("0");
        assertThat(Long.parseLong(field(gc.out(), "bytesAfter"))).isLessThan(Long.parseLong(field(gc.out(), "bytesBefore")));
    }

    @Test
    void specialFilesAreListedAndLeaveTheSnapshotComplete() throws Exception {
        Path src = tree();
        assertThat(new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start().waitFor()).isZero();
        Run snap = larder("snapshot", "--store", tmp.resolve("store").toString(), "--json", src.toString());
        assertThat(snap.exit()).as("nothing could have been stored that was not").isZero();
        assertThat(snap.out()).contains("\"specialFiles\":[\"pipe: special file (device, fifo or socket)\"]", "\"skipped\":[]");
    }

    @Test
    void badInputGetsOneClearLineAndANonZeroExit() throws IOException {
        String store = tmp.resolve("store").toString();
        Path src = tree();
        assertThat(larder("snapshot", "--store", store, "--name", "app", src.toString()).exit()).isZero();
        Run missing = larder("restore", "--store", store, "no-such-catalog", tmp.resolve("out").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("larder: ").contains("no-such-catalog").doesNotContain("\tat ");
        Run noDir = larder("snapshot", "--store", store, tmp.resolve("absent").toString());
        assertThat(noDir.exit()).isEqualTo(1);
        assertThat(noDir.err().strip()).startsWith("larder: ").contains("absent");
        Run badName = larder("snapshot", "--store", tmp.resolve("new-store").toString(), "--name", "bad name", src.toString());
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("'bad name' must be");
        assertThat(tmp.resolve("new-store")).as("refused before the store is made").doesNotExist();
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Run toFile = larder("restore", "--store", store, "app", file.toString());
        assertThat(toFile.err().strip()).as("what went wrong, not only where").isEqualTo("larder: " + file + ": not a directory");
        assertThat(larder("restore", "--store", store).exit()).as("missing arguments: picocli's usage error").isEqualTo(2);
    }

    @Test
    void diffExitsAsDiff1AndPrintsEachNameOnOneLine() throws IOException {
        Path src = tree();
        String store = tmp.resolve("store").toString();
        assertThat(larder("snapshot", "--store", store, "--name", "app", src.toString()).exit()).isZero();
        assertThat(larder("diff", "--store", store, "app", src.toString()).exit()).as("the same").isZero();
        Files.writeString(src.resolve("two\nlines"), "x");
        Files.writeString(src.resolve("bell\u0007"), "x");
        Run differs = larder("diff", "--store", store, "app", src.toString());
        assertThat(differs.exit()).as("different").isEqualTo(1);
        assertThat(differs.out().lines().toList()).containsExactlyInAnyOrder("- bell\\x07", "- two\\x0alines");

        Run noCatalog = larder("diff", "--store", store, "nope", src.toString());
        assertThat(noCatalog.exit()).as("trouble").isEqualTo(2);
        assertThat(noCatalog.err()).contains("nope");
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Run toFile = larder("diff", "--store", store, "app", file.toString());
        assertThat(toFile.exit()).isEqualTo(2);
        assertThat(toFile.err().strip()).isEqualTo("larder: " + file + ": not a directory");
        assertThat(toFile.out()).as("not everything listed as missing").isEmpty();
    }

    @Test
    void onlySnapshotMakesAStoreEveryOtherCommandNeedsOne() throws IOException {
        Path absent = tmp.resolve("nonexistent/q");
        Path out = tmp.resolve("out");
        for (List<String> args : List.of(List.of("verify"), List.of("ls"), List.of("gc"), List.of("rm", "x"),
                List.of("restore", "x", out.toString()), List.of("diff", "x", out.toString()))) {
            List<String> command = new java.util.ArrayList<>(args);
            command.addAll(List.of("--store", absent.toString()));
            Run run = larder(command.toArray(String[]::new));
            assertThat(run.exit()).as("%s", args).isNotZero();
            assertThat(run.err()).as("%s", args).contains("no store at " + absent);
        }
        assertThat(tmp.resolve("nonexistent")).doesNotExist();
        assertThat(out).doesNotExist();
        assertThat(larder("snapshot", "--store", absent.toString(), tree().toString()).exit()).isZero();
        assertThat(larder("verify", "--store", absent.toString()).exit()).isZero();
    }

    @Test
    void theStoreDefaultsToLarderStoreThenToHome() throws Exception {
        Path src = tree();
        Path fromEnv = tmp.resolve("env-store");
        Path home = Files.createDirectories(tmp.resolve("home"));
        assertThat(child(List.of("snapshot", "--name", "e", src.toString()), fromEnv, home)).isZero();
        assertThat(fromEnv.resolve("names/e")).as("the name, in $LARDER_STORE").exists();
        assertThat(child(List.of("snapshot", "--name", "h", src.toString()), null, home)).isZero();
        assertThat(home.resolve(".larder/store/names/h")).as("the name, in ~/.larder/store").exists();
        assertThat(home.resolve(".larder/store/names/e")).doesNotExist();
        assertThat(child(List.of("restore", "h", home.toString()), null, home)).as("~ holds the default store: refused").isEqualTo(1);
        assertThat(home.resolve(".larder/store/names/h")).exists();
        assertThat(home.resolve("pkg")).doesNotExist();
    }

    /**
     * Runs larder in a child JVM with LARDER_STORE set to {@code store} (unset if null) and HOME to
     * {@code home}; user.home (the passwd entry's home) is elsewhere, as after {@code HOME=... larder}.
     */
    private static int child(List<String> args, Path store, Path home) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + home.resolveSibling("passwd-home"), "-cp", System.getProperty("java.class.path"),
                LarderCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("LARDER_STORE");
        if (store != null) pb.environment().put("LARDER_STORE", store.toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("larder " + args + " did not finish in 60 s");
        }
        return p.exitValue();
    }
}
