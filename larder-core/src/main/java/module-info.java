/**
 * Larder's I/O core. Only {@code dev.larder.disk} is API; the engine and the I/O layer are
 * internal and may change in any release.
 */
module dev.larder.core {
    requires HdrHistogram;
    requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT (O_DIRECT)

    exports dev.larder.disk;
}
