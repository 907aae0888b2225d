package dev.larder.server.differential;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Larder against redis-server 7.0.15 on random scripts ({@link RandomScriptGenerator}); every
 * fourth script is sent as one pipelined batch, and every third starts with HELLO 3. A new seed each run unless
 * {@code -Dlarder.diff.seed=N} fixes it; a failure names the seed, the scripts and the first
 * mismatch of each kind. Bounded: {@value #SCRIPTS} scripts (or {@code -Dlarder.diff.scripts=N}) of
 * {@value #STEPS} steps, and no new script starts after {@value #TIME_BUDGET_MS} ms.
 */
class RandomScriptsTest {
    private static final int SCRIPTS = 200;
    private static final int STEPS = 50;
    private static final long TIME_BUDGET_MS = 45_000;
    /** Failures are grouped by the command of their first mismatch; one example of each is shown. */
    private static final int MAX_EXAMPLES = 6;

    @TempDir
    static Path scratch;
    static DifferentialServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(scratch);
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) servers.close();
    }

    @Test
    void randomScriptsAgreeWithRedis() {
        long seed = Long.getLong("larder.diff.seed", new Random().nextLong());
        DifferentialHarness harness = servers.harness();
        RandomScriptGenerator generator = new RandomScriptGenerator(seed);
        Map<String, String> examples = new LinkedHashMap<>();
        int failed = 0;
        int run = 0;
        long deadline = System.nanoTime() + TIME_BUDGET_MS * 1_000_000;
        int scripts = Integer.getInteger("larder.diff.scripts", SCRIPTS);
        for (; run < scripts && System.nanoTime() < deadline; run++) {
            Script script = generator.script("random #" + run + " (seed " + seed + ")", STEPS, run % 4 == 3);
            if (run % 3 == 1) script = script.inResp3();
            List<Mismatch> mismatches = harness.mismatches(script);
            if (mismatches.isEmpty()) continue;
            failed++;
            String kind = mismatches.getFirst().command().replaceFirst("^\\[\\d+] ", "").split(" ")[0].toUpperCase(java.util.Locale.ROOT);
            if (examples.size() < MAX_EXAMPLES) examples.putIfAbsent(kind, harness.report(script, mismatches));
        }
        System.out.println("RandomScriptsTest: seed " + seed + ", " + run + " scripts run, " + failed + " mismatching");
        if (failed > 0) {
            throw new AssertionError("seed " + seed + " (rerun with -Dlarder.diff.seed=" + seed + "): " + failed + " of " + run
                    + " scripts mismatched; first mismatch by command: " + examples.keySet() + "\n\n"
                    + String.join("\n", examples.values()));
        }
    }

    @Test
    void randomGlobPatternsAgreeWithRedis() {
        long seed = Long.getLong("larder.diff.seed", new Random().nextLong());
        DifferentialHarness harness = servers.harness();
        RandomScriptGenerator generator = new RandomScriptGenerator(seed);
        for (int i = 0; i < 5; i++) {
            Script script = generator.globScript("glob #" + i + " (seed " + seed + ", rerun with -Dlarder.diff.seed=" + seed + ")", 40, 200);
            harness.run(script);
        }
    }
}
