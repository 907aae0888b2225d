package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restart run's sizing and report, without starting a server. */
class RestartReportTest {
    private static final long GiB = 1L << 30;

    private static Restart.Result result() {
        Map<Restart.Case, List<Double>> seconds = new java.util.EnumMap<>(Restart.Case.class);
        seconds.put(Restart.Case.SAVED, List.of(0.9, 0.5, 0.6));
        seconds.put(Restart.Case.REBUILT, List.of(2.0, 2.4, 1.9));
        seconds.put(Restart.Case.REDIS, List.of(3.0, 3.3, 2.7));
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("larder.data", 8 * GiB);
        files.put("larder.keys", 1_450_033L);
        files.put("dump.rdb", 2 * GiB);
        var load = new KeyLoader.Result(500_000, 4096, 10);
        return new Restart.Result(List.of("larder", "serve"), List.of("redis-server", "--save", ""), "7.0.15", load,
                load, seconds, files, 8, 9, List.of("Larder, saved key directory, run 2: DBSIZE 1, expected 500000"));
    }

    @Test
    void keysDefaultToHalfAMillionAndATenthOfThatWhenQuick() {
        assertThat(Restart.keys(0, false)).isEqualTo(500_000);
        assertThat(Restart.keys(0, true)).isEqualTo(50_000);
        assertThat(Restart.keys(1234, true)).isEqualTo(1234);
    }

    @Test
    void diskTierHoldsTheDataTwiceInWholeGibibytesAndAtLeastEight() {
        assertThat(Restart.diskCapacityBytes(50_000)).isEqualTo(8 * GiB);
        assertThat(Restart.diskCapacityBytes(500_000)).isEqualTo(8 * GiB);
        assertThat(Restart.diskCapacityBytes(2_000_000)).isEqualTo(16 * GiB); // 15.26 GiB rounded up
        assertThat(Restart.requiredDiskBytes(500_000)).isEqualTo(8 * GiB + 500_000L * 4096 + 2 * GiB);
    }

    @Test
    void readsOneFieldOfAnInfoReply() {
        String info = "# Larder\r\ndisk_write_bytes:123\r\nkey_directory_from_save:1\r\n";

        assertThat(Restart.infoField(info, "key_directory_from_save")).isEqualTo("1");
        assertThat(Restart.infoField(info, "disk_write_bytes")).isEqualTo("123");
        assertThat(Restart.infoField(info, "key_directory")).isNull();
    }

    @Test
    void ratiosAreRedisMedianOverEachLarderMedian() {
        RestartSection section = ServerRuns.restartSection(result(), 500_000);

        assertThat(section.timings()).extracting(RestartSection.Timing::id)
                .containsExactly("larder-saved", "larder-rebuilt", "redis-rdb");
        RestartSection.Timing saved = section.timings().getFirst();
        assertThat(saved.medianSeconds()).isEqualTo(0.6);
        assertThat(saved.minSeconds()).isEqualTo(0.5);
        assertThat(saved.maxSeconds()).isEqualTo(0.9);
        assertThat(section.speedup(saved)).isCloseTo(5.0, within(1e-9));
        assertThat(section.speedup(section.timings().get(1))).isCloseTo(1.5, within(1e-9));
        assertThat(section.speedup(section.timings().get(2))).isNaN();
    }

    @Test
    void aCaseThatWasNotMeasuredHasNoFigures() {
        var timing = new RestartSection.Timing("x", "X", List.of());
        var section = new RestartSection("restart", "t", "x", 1, 4096, List.of(timing), Map.of(), Map.of());

        assertThat(timing.medianSeconds()).isNaN();
        assertThat(timing.minSeconds()).isNaN();
        assertThat(section.speedup(new RestartSection.Timing("y", "Y", List.of(1.0)))).isNaN();
    }

    @Test
    void tableShowsSecondsRatiosFileSizesAndChecks() {
        var report = new ServerReport().add(ServerRuns.restartSection(result(), 500_000));
        var bytes = new ByteArrayOutputStream();
        TableOutput.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table).contains("Restart after a clean stop, 500,000 keys x 4096 B", "median s",
                "larder.data: 8.00 GiB (8,589,934,592 bytes)", "larder.keys: 1.4 MiB (1,450,033 bytes)",
                "dump.rdb: 2.00 GiB",
                "checks: 8 of 9 restarts had DBSIZE 500,000");
        assertThat(line(table, "Larder, saved key directory")).contains("0.600", "0.500", "0.900", " 3 ", "5.00x");
        assertThat(line(table, "Larder, rebuilt from data")).contains("2.000", "1.50x");
        assertThat(line(table, "Redis, loading dump.rdb")).contains("3.000").endsWith("-");
    }

    @Test
    void jsonHasARestartSectionWithRunsAndSpeedups() {
        var report = new ServerReport().add(ServerRuns.restartSection(result(), 500_000));

        String json = JsonOutput.render(report);

        assertThat(json).contains("{\"id\":\"restart\",", "\"baseline\":\"redis-rdb\",\"keys\":500000,\"valueBytes\":4096,"
                        + "\"fileBytes\":{\"larder.data\":8589934592,\"larder.keys\":1450033,\"dump.rdb\":2147483648},",
                "{\"case\":\"larder-saved\",\"label\":\"Larder, saved key directory\",\"medianSeconds\":0.6,"
                        + "\"minSeconds\":0.5,\"maxSeconds\":0.9,\"runsSeconds\":[0.9,0.5,0.6],\"speedup\":5",
                "{\"case\":\"redis-rdb\",", "\"speedup\":null}");
        assertThat(json).doesNotContain("NaN");
    }

    private static String line(String table, String start) {
        return table.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
    }
}
