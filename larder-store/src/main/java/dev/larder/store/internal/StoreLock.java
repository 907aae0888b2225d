package dev.larder.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's lock file: writers (snapshot, gc, rm) take it exclusively, readers (restore,
 * verify, ls) shared. Blocks until granted. Held for the whole operation, so gc never deletes
 * a segment a concurrent restore is reading. Readers open the file read-only (a shared lock needs
 * no more), so they work on a store the user can only read.
 */
public final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StoreLock acquire(Path lockFile, boolean exclusive) throws IOException {
        FileChannel ch = exclusive ? openForWriting(lockFile) : openForReading(lockFile);
        try {
            return new StoreLock(ch, ch.lock(0, Long.MAX_VALUE, !exclusive));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static FileChannel openForWriting(Path lockFile) throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Read-only, so readers work on a store they may only read; a store without a lock file yet gets one. */
    private static FileChannel openForReading(Path lockFile) throws IOException {
        try {
            return FileChannel.open(lockFile, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return openForWriting(lockFile);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
