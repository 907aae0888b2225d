package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A served instance runs without Netty's leak detector unless the operator asks for it. */
class ServeCommandTest {
    private final ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(before);
        System.clearProperty(ServeCommand.LEAK_DETECTION_PROPERTY);
    }

    @Test
    void leakDetectionIsOffByDefault() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

        ServeCommand.disableLeakDetectionUnlessAsked();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
    }

    @Test
    void anExplicitLevelIsKept() {
        System.setProperty(ServeCommand.LEAK_DETECTION_PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);

        ServeCommand.disableLeakDetectionUnlessAsked();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }
}
