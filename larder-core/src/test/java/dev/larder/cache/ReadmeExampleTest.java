package dev.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's hybrid-cache example, verbatim between the markers, so it keeps compiling and working. */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void theReadmeExampleRuns() throws Exception {
        Path path = dir.resolve("users.larder");
        // README example: begin
        try (HybridCache<String, String> users = Larder.newBuilder(Codecs.utf8(), Codecs.utf8())
                .diskPath(path)                       // required: the disk tier's file
                .memoryBytes(64L << 20)               // memory tier budget (serialized bytes)
                .diskCapacityBytes(1L << 30)          // disk tier size, preallocated
                .build()) {
            users.put("alice", "Alice Liddell");                       // memory and disk (write-through)
            users.put("session:42", "alice", Duration.ofMinutes(30));  // with a TTL
            String name = users.get("bob", key -> "Bob (loaded once)"); // read-through, single-flight
            Map<String, String> some = users.getAll(List.of("alice", "bob", "carol"));
            users.invalidate("alice");
            CacheStats stats = users.stats();
            // README example: end
            assertThat(name).isEqualTo("Bob (loaded once)");
            assertThat(some).containsOnlyKeys("alice", "bob");
            assertThat(users.getIfPresent("alice")).isNull();
            assertThat(stats.loads()).isEqualTo(1);
            assertThat(stats.memory().totalBytes()).isPositive();
        }
        try (HybridCache<String, String> reopened = Larder.newBuilder(Codecs.utf8(), Codecs.utf8()).diskPath(path).build()) {
            assertThat(reopened.getIfPresent("bob")).as("served from disk after reopen").isEqualTo("Bob (loaded once)");
        }
    }
}
