package dev.larder.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One entry's unix attributes as an lstat reads them: {@code mode} with its file-type bits,
 * {@code device} encoded as glibc's {@code st_dev} (what Java's {@code unix:dev} reports).
 */
record EntryStat(int mode, long size, long mtimeNs, long inode, long device) {
    private static final String ATTRIBUTES = "unix:mode,ino,dev,size,lastModifiedTime";

    /** Java's lstat of the whole path: the fallback, and the reference {@link DirectoryStat} is tested against. */
    static EntryStat lstat(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new EntryStat((Integer) a.get("mode"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), (Long) a.get("ino"), (Long) a.get("dev"));
    }
}
