package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AOT training run must keep working: ./larder discards its output and, if it fails, silently
 * starts without a cache, so only this test would notice a broken training run.
 */
class AotTrainingTest {
    @Test
    void theTrainingRunCompletesAndCleansUp() throws Exception {
        Set<Path> before = trainingDirs();
        PrintStream out = System.out;
        assertThat(AotTraining.train(new String[0])).as("throws if any store command fails or the server does not answer")
                .containsExactly("store", "server");
        assertThat(System.out).isSameAs(out);
        assertThat(trainingDirs()).isEqualTo(before);
    }

    @Test
    void theStoreCommandsAloneTrainTheStoresCache() throws Exception {
        Set<Path> before = trainingDirs();
        assertThat(AotTraining.train(new String[] {"store"})).containsExactly("store");
        assertThat(trainingDirs()).isEqualTo(before);
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> AotTraining.train(new String[] {"server"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not server");
    }

    private static Set<Path> trainingDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("larder-aot-training")).collect(Collectors.toSet());
        }
    }
}
