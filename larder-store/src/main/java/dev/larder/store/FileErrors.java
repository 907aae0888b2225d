package dev.larder.store;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * What went wrong, in words, for any failure the store or the CLI reports. Java's
 * {@link FileSystemException} message is often only the path ({@code larder: afile} for a target
 * that is a file): here the exception's type or the kernel's reason becomes "afile: not a
 * directory", "ro/a: permission denied".
 */
public final class FileErrors {
    private FileErrors() {}

    /** "path: reason" for a file system failure, else the message (or the type, if none). */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) return describe(u.getCause());
        if (e instanceof FileSystemException f) {
            String where = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ";
            return where + reason(f);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The kernel's reason where Java kept it, else the word for the exception's type. */
    private static String reason(FileSystemException f) {
        if (f.getReason() != null) return f.getReason();
        return switch (f) {
            case NoSuchFileException _ -> "no such file or directory";
            case AccessDeniedException _ -> "permission denied";
            case FileAlreadyExistsException _ -> "already exists";
            case NotDirectoryException _ -> "not a directory";
            case DirectoryNotEmptyException _ -> "directory not empty";
            case NotLinkException _ -> "not a symbolic link";
            case FileSystemLoopException _ -> "too many levels of symbolic links";
            default -> "failed (" + f.getClass().getSimpleName() + ")";
        };
    }
}
