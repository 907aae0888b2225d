package dev.larder.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child CPU time from /proc/self/stat, and a child run's share of it. */
class ChildCpuTest {
    @TempDir Path tmp;

    @Test
    void readsReapedChildrensUserAndSystemTicksPastAnOddProcessName() {
        // pid (comm) state ppid ... field 14 utime, 15 stime, 16 cutime, 17 cstime
        String stat = "4242 (java (odd) name) S 1 2 3 4 5 6 7 8 9 10 11 12 250 75 20 0 1 0 99";
        assertThat(ChildCpu.fromStat(stat)).isEqualTo((250 + 75) * 10_000_000L);
    }

    @Test
    void aChildRunReportsTheCpuItsCommandBurned() throws Exception {
        ChildRun child = new ChildRun(tmp.resolve("stderr"));
        ChildRun.Result busy = child.run(List.of("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"));
        assertThat(busy.cpuNanos()).as("a shell loop of 300,000 steps").isPositive();
        assertThat(busy.cpuNanos()).as("one core at most, plus a tick").isLessThanOrEqualTo(busy.nanos() + 10_000_000L);
        ChildRun.Result idle = child.run(List.of("sleep", "0.3"));
        assertThat(idle.cpuNanos()).as("sleeping burns next to nothing").isLessThan(idle.nanos() / 2);
    }
}
