package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBarShowsFractionCountsRateAndEta() {
        Progress p = new Progress("restore", 1_234, 3_000, 50_000_000, 200_000_000, 2 * SECOND, false);
        String bar = ProgressDisplay.bar(p, 100);
        assertThat(bar).startsWith("restore  25% [").contains("1,234/3,000 files").contains("50.0/200.0 MB")
                .contains("25.0 MB/s").endsWith("eta 6s");
        assertThat(bar.length()).isLessThan(100);
        String cells = bar.substring(bar.indexOf('[') + 1, bar.indexOf(']'));
        assertThat(cells).as("at most 30 cells").hasSize(30);
        assertThat(cells.chars().filter(c -> c == '#').count()).isEqualTo(Math.round(cells.length() * 0.25));
    }

    @Test
    void aFinishedBarIsFullAndShowsTheTime() {
        Progress p = new Progress("verify", 10, 10, 0, 0, 3 * SECOND / 2, true);
        String bar = ProgressDisplay.bar(p, 80);
        assertThat(bar).startsWith("verify 100% [#").doesNotContain(".]").endsWith("in 1.5s");
    }

    @Test
    void aNarrowTerminalGetsABarAndALineThatDoesNotWrap() {
        Progress p = new Progress("snapshot", 1, 2, 1, 2, SECOND, false);
        assertThat(ProgressDisplay.bar(p, 40)).startsWith("snapshot  50% [#####.....]").hasSize(39);
    }

    @Test
    void aTerminalRedrawsOneLineAndEndsItWhenFinished() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 80);
        display.accept(new Progress("restore", 1, 2, 10, 20, SECOND / 10, false));
        display.accept(new Progress("restore", 2, 2, 20, 20, SECOND / 5, true));
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).startsWith("\r").endsWith("\033[K\n");
        assertThat(shown.chars().filter(c -> c == '\r')).as("one redraw per report").hasSize(2);
        assertThat(shown.chars().filter(c -> c == '\n')).as("one line in the end").hasSize(1);
    }

    @Test
    void elsewherePlainLinesComeAboutOnceASecond() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80);
        for (int tick = 1; tick <= 25; tick++) { // 2.5 s of ticks every 100 ms
            display.accept(new Progress("snapshot", tick, 25, tick * 1000L, 25_000, tick * SECOND / 10, tick == 25));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "snapshot: 1/25 files, 0.0/0.0 MB, 0.0 MB/s eta 3s",
                "snapshot: 11/25 files, 0.0/0.0 MB, 0.0 MB/s eta 2s",
                "snapshot: 21/25 files, 0.0/0.0 MB, 0.0 MB/s eta 1s");
    }
}
