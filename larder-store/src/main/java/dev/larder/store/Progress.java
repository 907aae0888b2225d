package dev.larder.store;

import java.util.Locale;

/**
 * How far a long operation (snapshot, restore, verify) has come, reported a few times a second
 * while it runs and once more, with {@code finished} set, when it ends.
 *
 * @param operation "snapshot", "restore" or "verify"
 * @param totalFiles files (or contents, for verify) the operation will process
 * @param totalBytes their bytes, uncompressed
 */
public record Progress(String operation, long files, long totalFiles, long bytes, long totalBytes, long elapsedNanos,
                       boolean finished) {

    public double bytesPerSecond() {
        return elapsedNanos <= 0 ? 0 : bytes / (elapsedNanos / 1e9);
    }

    /** Estimated seconds to go at the rate so far; -1 while unknown. */
    public long etaSeconds() {
        double rate = bytesPerSecond();
        if (rate <= 0 || bytes >= totalBytes) return -1;
        return (long) Math.ceil((totalBytes - bytes) / rate);
    }

    /** Done so far, from 0 to 1, by bytes (by files when there are no bytes). */
    public double fraction() {
        if (totalBytes > 0) return Math.min(1, (double) bytes / totalBytes);
        return totalFiles > 0 ? Math.min(1, (double) files / totalFiles) : 1;
    }

    /** One plain line: "restore: 120/300 files, 1.2/3.0 MB, 4.5 MB/s eta 1s". */
    public String line() {
        long eta = etaSeconds();
        return String.format(Locale.ROOT, "%s: %d/%d files, %.1f/%.1f MB, %.1f MB/s%s", operation, files, totalFiles,
                bytes / 1e6, totalBytes / 1e6, bytesPerSecond() / 1e6, eta >= 0 ? " eta " + eta + "s" : "");
    }
}
