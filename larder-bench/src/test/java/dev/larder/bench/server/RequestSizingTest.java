package dev.larder.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSizingTest {
    private final RequestSizing sizing = new RequestSizing(0, 20_000, 1, 2.5, 8, 10_000, 5_000_000);

    @Test
    void sizesForTargetSecondsOnTheFasterServer() {
        assertThat(sizing.requests(100_000, 80_000)).isEqualTo(250_000);
        assertThat(sizing.requests(80_000, 100_000)).isEqualTo(250_000);
    }

    @Test
    void capsTheSlowerServerAtMaxSeconds() {
        // 2.5 s at 1M ops/s would be 2.5M requests: 25 s for a server at 100k ops/s; capped at 8 s.
        assertThat(sizing.requests(1_000_000, 100_000)).isEqualTo(800_000);
    }

    @Test
    void clampsToTheBoundsAndRoundsToThousands() {
        assertThat(sizing.requests(100, 100)).isEqualTo(10_000);
        assertThat(sizing.requests(50_000_000, 50_000_000)).isEqualTo(5_000_000);
        assertThat(sizing.requests(12_345.6)).isEqualTo(31_000);
    }

    @Test
    void unknownOrZeroRateGivesTheMinimum() {
        assertThat(sizing.requests(Double.NaN, 100_000)).isEqualTo(10_000);
        assertThat(sizing.requests(0, 100_000)).isEqualTo(10_000);
    }

    @Test
    void recalibratesOnlyAfterACalibrationRunShorterThanCalibrationSeconds() {
        assertThat(sizing.recalibrationRequests(10_000)).isZero(); // 20,000 requests took 2 s
        assertThat(sizing.recalibrationRequests(20_000)).isZero(); // exactly 1 s
        assertThat(sizing.recalibrationRequests(500_000)).isEqualTo(500_000); // 0.04 s: run ~1 s more
        assertThat(sizing.recalibrationRequests(Double.NaN)).isZero(); // the run failed: nothing to size
    }

    @Test
    void defaultsKeepTheWholeGridInsideItsBudget() {
        int runs = SideBySide.grid().size() * 2 * 3; // workloads x servers x default repeats
        double worstSeconds = runs / 2.0 * (RequestSizing.FULL.targetSeconds() + RequestSizing.FULL.maxSeconds())
                + SideBySide.grid().size() * 2 * (RequestSizing.FULL.calibrationSeconds() + 1);

        assertThat(SideBySide.grid()).hasSize(16);
        assertThat(worstSeconds).isLessThan(10 * 60);
    }
}
