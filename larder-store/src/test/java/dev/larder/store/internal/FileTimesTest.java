package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTimesTest {
    @TempDir
    Path tmp;

    @Test
    void setsNanosecondMtimesBeforeAndAfterTheEpoch() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Path raw = RawNames.resolve(tmp, RawNames.decode(new byte[] {'r', (byte) 0xff}));
        Files.writeString(raw, "y");
        for (long mtimeNs : new long[] {1_700_000_000_123_456_789L, -1_500_000_001L, 0L}) {
            for (Path p : new Path[] {file, dir, raw}) {
                FileTimes.setMtime(p, mtimeNs);
                assertThat(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS)).as("%s %d", p, mtimeNs).isEqualTo(mtimeNs);
            }
        }
    }

    @Test
    void aMissingFileIsAnError() {
        assertThatThrownBy(() -> FileTimes.setMtime(tmp.resolve("gone"), 1_000L)).isInstanceOf(NoSuchFileException.class);
    }
}
