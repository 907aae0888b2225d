package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Figure.median(List.of(5L, 1L, 3L))).isEqualTo(3);
        assertThat(Figure.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(Figure.median(List.of())).isNaN();
    }

    @Test
    void ratesComeFromTheMedianTime() {
        var f = new Figure("s", "t", List.of(3_000_000_000L, 2_000_000_000L, 90_000_000_000L), 10_000, 500_000_000);
        assertThat(f.medianSeconds()).isEqualTo(3.0);
        assertThat(f.filesPerSecond()).isCloseTo(3_333.33, within(0.01));
        assertThat(f.mbPerSecond()).isCloseTo(166.67, within(0.01));
        assertThat(f.gbPerSecond()).isCloseTo(0.1667, within(0.0001));
    }

    @Test
    void speedupIsPeerTimeOverLarderTime() {
        var larder = new Figure("s", "larder", List.of(1_000_000_000L), 1, 1);
        var peer = new Figure("s", "tar", List.of(2_500_000_000L), 1, 1);
        assertThat(larder.speedupOver(peer)).isEqualTo(2.5);
        assertThat(peer.speedupOver(larder)).isEqualTo(0.4);
    }

    @Test
    void startupIsTakenOffEverySampleButNeverBelowAMicrosecond() {
        var f = new Figure("s", "larder restore", List.of(500_000_000L, 300_000_000L, 100_000_000L), 1, 1);
        assertThat(f.withoutStartup(0.2).samplesNanos()).containsExactly(300_000_000L, 100_000_000L, 1_000L);
        assertThat(f.withoutStartup(0.2).medianSeconds()).isEqualTo(0.1);
        assertThat(f.isLarder()).isTrue();
        assertThat(new Figure("s", "rsync -a", List.of(1L), 1, 1).isLarder()).isFalse();
    }

    @Test
    void jsonReportCarriesFiguresSpeedupsAndGoals() {
        var report = new TreeReport("deps", TreePlan.of(TreeShape.deps(100)));
        var larder = report.add(new Figure("restore", "larder restore", List.of(1_500_000_000L), 100, 1_000_000));
        report.compare(larder, report.add(new Figure("restore", "tar", List.of(3_000_000_000L), 100, 1_000_000)));
        report.goal("vs tar", 2, 3, 2, "x faster");
        var startup = new Figure("start", "larder --version", List.of(500_000_000L), 0, 0);
        String json = StoreJson.render(new java.util.LinkedHashMap<>(java.util.Map.of("repeats", 3)), startup, List.of(report));
        assertThat(json).startsWith("{\"settings\":{\"repeats\":3},\"startupSeconds\":0.5,")
                .contains("\"medianSecondsMinusStartup\":1,", "\"larderSpeedup\":2}", "\"met\":true}")
                .contains("\"tool\":\"tar\",\"medianSeconds\":3,");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void goalsAndComparisonsAreRecordedPerTree() {
        var report = new TreeReport("deps", TreePlan.of(TreeShape.deps(100)));
        var larder = new Figure("s", "larder", List.of(1_000_000_000L), 1, 1);
        report.compare(larder, new Figure("s", "rsync -a", List.of(12_000_000_000L), 1, 1));
        report.goal("no-op", 12, 40, 10, "x faster");
        report.goal("gb", 0.5, 2, 1, "GB/s");
        assertThat(report.comparisons()).containsExactly(new TreeReport.Comparison("s", "rsync -a", 12.0));
        assertThat(report.goals()).extracting(TreeReport.Goal::met).containsExactly(true, false);
        assertThat(report.files()).isEqualTo(100);
    }

    @Test
    void coresBusyIsTheMedianRunsCpuOverWallAndUnknownWithoutCpuTimes() {
        var f = new Figure("s", "larder snapshot", List.of(1_000_000_000L, 2_000_000_000L, 1_000_000_000L),
                List.of(1_900_000_000L, 2_000_000_000L, 500_000_000L), 1, 1);
        assertThat(f.coresBusy()).isEqualTo(1.0); // runs at 1.9, 1.0 and 0.5 cores
        assertThat(new Figure("s", "tar", List.of(1L), 1, 1).coresBusy()).isNaN();
        assertThatThrownBy(() -> new Figure("s", "t", List.of(1L, 2L), List.of(1L), 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
