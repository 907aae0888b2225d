package dev.larder.disk;

import java.io.IOException;

/**
 * The disk tier failed a write or a sync and takes no more writes until it is reopened; reads
 * keep working. Thrown (inside an {@link java.io.UncheckedIOException}) by every write after the
 * failure; its cause is the device's error.
 */
public final class WritesRefusedException extends IOException {
    public WritesRefusedException(IOException cause) {
        super("writing to the device failed (" + cause.getMessage() + "); writes are refused until the cache is reopened", cause);
    }
}
