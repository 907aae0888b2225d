/**
 * Larder's I/O core. {@code dev.larder.cache} (the hybrid cache) and {@code dev.larder.disk} (the
 * disk tier on its own) are API; the engine, the I/O layer and the tier implementation are internal
 * and may change in any release.
 */
module dev.larder.core {
    requires HdrHistogram;
    requires com.github.benmanes.caffeine;
    requires jdk.jfr;
    requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT (O_DIRECT)

    exports dev.larder.cache;
    exports dev.larder.disk;
}
