package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.bench.LarderChild;
import dev.larder.store.ContentStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLinesTest {

    @Test
    void peersRunExactlyTheDocumentedCommands() {
        assertThat(PeerTools.tarCreate(Path.of("/s"), Path.of("/a.tar.zst")))
                .containsExactly("tar", "-I", "zstd -T0", "-cf", "/a.tar.zst", "-C", "/s", ".");
        assertThat(PeerTools.tarExtract(Path.of("/a.tar.zst"), Path.of("/t")))
                .containsExactly("tar", "-I", "zstd", "-xf", "/a.tar.zst", "-C", "/t");
        assertThat(PeerTools.copy(Path.of("/s"), Path.of("/t"))).containsExactly("cp", "-a", "/s", "/t");
        assertThat(PeerTools.rsync(Path.of("/s"), Path.of("/t"))).containsExactly("rsync", "-a", "/s/", "/t/");
        assertThat(PeerTools.statWalk(Path.of("/t"))).containsExactly("find", "/t", "-printf", "%s %T@ %m\n");
    }

    @Test
    void missingToolsAreNamed() {
        assertThat(PeerTools.missing("/nonexistent-dir")).containsExactlyElementsOf(PeerTools.REQUIRED);
    }

    @Test
    void larderCommandsWithAnExecutable() {
        var cli = new LarderCli(Path.of("/bin/larder"));
        assertThat(cli.snapshot(Path.of("/src"), Path.of("/st"), "deps"))
                .containsExactly("/bin/larder", "snapshot", "/src", "--store", "/st", "--name", "deps", "--json");
        assertThat(cli.restore("c1", Path.of("/t"), Path.of("/st"), false))
                .containsExactly("/bin/larder", "restore", "c1", "/t", "--store", "/st", "--json", "--no-sync");
        assertThat(cli.restore("c1", Path.of("/t"), Path.of("/st"), true)).doesNotContain("--no-sync");
    }

    @Test
    void larderCommandsFromThisJvmsClassPath() {
        List<String> command = new LarderCli(null).version();
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("--enable-native-access=ALL-UNNAMED", "-cp", LarderChild.MAIN_CLASS).endsWith("--version");
    }

    @Test
    void storeCommandsGetTheJvmOptionsOfLarder() throws Exception {
        String scripts = Files.readString(Path.of("..", "scripts", "lib.sh")); // ./larder takes them from there
        String line = "\nstore_jvm_options=(" + String.join(" ", LarderCli.STORE_JVM_OPTIONS) + ")\n";
        assertThat(scripts).contains(line);
        assertThat(scripts.indexOf(line)).as("set once").isEqualTo(scripts.lastIndexOf(line));
        List<String> restore = new LarderCli(null).restore("c1", Path.of("/t"), Path.of("/st"), false);
        assertThat(restore.subList(0, restore.indexOf("-cp"))).containsAll(LarderCli.STORE_JVM_OPTIONS);
    }

    @Test
    void theStoreCommandsAreThoseLarderStartsWithTheStoresOptionsAndCache() throws Exception {
        String launcher = Files.readString(Path.of("..", "larder"));
        Matcher line = Pattern.compile("\n  ([a-z |]+)\\) command_options=\\(\"\\$\\{store_jvm_options\\[@]}\"\\);.*aot=\\$store_aot ;;\n")
                .matcher(launcher);
        assertThat(line.find()).as("./larder's case line for the store's commands").isTrue();
        assertThat(Set.of(line.group(1).split(" \\| "))).isEqualTo(LarderChild.STORE_COMMANDS);
    }

    @Test
    void residentSnapshotsRunThisBuildEvenUnderAnExecutable() throws Exception {
        List<String> command = new LarderCli(Path.of("/bin/larder")).residentSnapshots(Path.of("/src"), Path.of("/st"), "deps", 15);
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).as("a resident process keeps C2").doesNotContainAnyElementsOf(LarderCli.STORE_JVM_OPTIONS);
        assertThat(command).contains(ResidentSnapshots.class.getName()).endsWith("/st", "/src", "deps", "15");
    }

    @Test
    void aResidentProcessPrintsOneTimingPerSnapshot(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a"));
        Files.writeString(src.resolve("f"), "x");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ResidentSnapshots.main(new String[] {tmp.resolve("store").toString(), tmp.resolve("src").toString(), "t", "3"});
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(3).allSatisfy(l -> assertThat(Long.parseLong(l)).isPositive());
        assertThat(ContentStore.open(tmp.resolve("store")).list()).hasSize(1); // three snapshots of one tree: one catalog
    }

    @Test
    void catalogIdIsReadFromJson() {
        assertThat(LarderCli.catalogId("{\"files\":3,\"catalog\":\"deps-0001\",\"bytes\":9}\n")).isEqualTo("deps-0001");
        assertThat(LarderCli.catalogId("progress\n{ \"catalog\" : 42 }")).isEqualTo("42");
        assertThat(LarderCli.catalogId("{\"catalog\":\"a\\\"b\"}")).isEqualTo("a\"b");
        assertThatThrownBy(() -> LarderCli.catalogId("{\"files\":3}")).hasMessageContaining("no \"catalog\"");
    }

    @Test
    void jsonNumbersAndStrings() {
        assertThat(dev.larder.bench.Json.number(Double.NaN)).isEqualTo("null");
        assertThat(dev.larder.bench.Json.number(3)).isEqualTo("3");
        assertThat(dev.larder.bench.Json.number(0.125)).isEqualTo("0.125");
        assertThat(dev.larder.bench.Json.quote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
    }
}
