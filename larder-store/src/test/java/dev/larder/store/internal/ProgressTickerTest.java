package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.Progress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressTickerTest {
    @Test
    void ticksWhileRunningAndReportsTheFinalCountsOnceOnClose() throws InterruptedException {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        try (ProgressTicker ticker = new ProgressTicker("restore", 3, 300, seen::add)) {
            ticker.files.set(1);
            ticker.bytes.set(100);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(seen).as("a tick within 10 s").isNotEmpty();
            ticker.files.set(3);
            ticker.bytes.set(300);
        }
        Progress last = seen.getLast();
        assertThat(last.finished()).isTrue();
        assertThat(last).extracting(Progress::operation, Progress::files, Progress::totalFiles, Progress::bytes, Progress::totalBytes)
                .containsExactly("restore", 3L, 3L, 300L, 300L);
        assertThat(seen.stream().filter(Progress::finished)).hasSize(1);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(last.etaSeconds()).isEqualTo(-1);
    }
}
