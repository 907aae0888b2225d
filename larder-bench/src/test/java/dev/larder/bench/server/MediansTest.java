package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {
    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertThat(Medians.median(5, 1, 3)).isEqualTo(3);
        assertThat(Medians.median(7)).isEqualTo(7);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Medians.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void medianOfNothingOrOfNaNIsNaN() {
        assertThat(Medians.median()).isNaN();
        assertThat(Medians.median(1, Double.NaN, 2)).isNaN();
    }

    @Test
    void medianDoesNotReorderItsInput() {
        double[] values = {3, 1, 2};
        Medians.median(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void eachFigureIsTheMedianOfItsOwnSamples() {
        List<BenchmarkResult> runs = List.of(new BenchmarkResult("GET", 100, 0.3, 9.0),
                new BenchmarkResult("GET", 300, 0.1, 1.0), new BenchmarkResult("GET", 200, 0.2, 2.0));

        Medians medians = Medians.of(runs, 50_000);

        assertThat(medians).isEqualTo(new Medians(200, 0.2, 2.0, 3, 50_000));
    }

    @Test
    void noRunsGiveNaNFiguresAndZeroRuns() {
        Medians medians = Medians.of(List.of(), 1000);

        assertThat(medians.rps()).isNaN();
        assertThat(medians.runs()).isZero();
    }

    @Test
    void ratiosAreSubjectOverBaselineOfMedians() {
        var workload = new Workload("set", 100, 16);
        var comparison = new Comparison(workload, new Medians(200_000, 0.5, 2.0, 3, 1),
                new Medians(150_000, 0.6, 3.0, 3, 1));

        assertThat(comparison.throughputRatio()).isCloseTo(0.75, within(1e-12));
        assertThat(comparison.p99Ratio()).isCloseTo(1.5, within(1e-12));
        assertThat(workload.label()).isEqualTo("SET d=100 P=16");
    }

    @Test
    void ratioWithAFailedSideIsNaN() {
        var comparison = new Comparison(new Workload("get", 100, 1), new Medians(1, 1, 1, 3, 1),
                Medians.of(List.of(), 1));

        assertThat(comparison.throughputRatio()).isNaN();
    }

    @Test
    void goalIsMetAtOrAboveTheBoundAndUnknownWithoutOne() {
        var half = new Comparison(new Workload("get", 4096, 1), new Medians(100, 1, 1, 1, 1), new Medians(50, 1, 1, 1, 1));
        var less = new Comparison(new Workload("get", 4096, 16), new Medians(100, 1, 1, 1, 1), new Medians(49, 1, 1, 1, 1));
        var withGoal = new ReportSection("x", "x", "b", "s", List.of(half, less), 0.5, java.util.Map.of());
        var noGoal = new ReportSection("x", "x", "b", "s", List.of(half), Double.NaN, java.util.Map.of());

        assertThat(withGoal.goalMet(half)).isTrue();
        assertThat(withGoal.goalMet(less)).isFalse();
        assertThat(noGoal.goalMet(half)).isNull();
    }
}
