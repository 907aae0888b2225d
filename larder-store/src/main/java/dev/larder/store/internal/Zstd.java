package dev.larder.store.internal;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import com.github.luben.zstd.util.Native;
import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Locale;

/**
 * zstd-jni's objects, made only once its native library is loaded: from the {@code native}
 * directory beside larder's jar (or classes), where the build unpacks it, instead of letting
 * zstd-jni copy it out of the jar into {@code java.io.tmpdir} at every start: a 900 KB file
 * written by each command that reads or writes contents, and a failure where the temp directory
 * is mounted noexec. Anywhere else (no such file, or it does not load), and where zstd-jni's own
 * {@code -DZstdNativePath} names a library, zstd-jni loads it its own way.
 */
final class Zstd {
    private static volatile boolean loaded;
    private static Path loadedFrom;

    private Zstd() {}

    static ZstdCompressCtx compressor(int level) {
        load();
        return new ZstdCompressCtx().setLevel(level);
    }

    static ZstdDecompressCtx decompressor() {
        load();
        return new ZstdDecompressCtx();
    }

    static ZstdOutputStream outputStream(OutputStream sink, int level) throws IOException {
        load();
        return new ZstdOutputStream(sink, level);
    }

    static ZstdInputStream inputStream(InputStream source) throws IOException {
        load();
        return new ZstdInputStream(source);
    }

    private static void load() {
        if (!loaded) loadOnce();
    }

    private static synchronized void loadOnce() {
        if (Native.isLoaded()) {
            loaded = true;
            return;
        }
        Path library = System.getProperty("ZstdNativePath") == null ? besideCodeSource() : null; // zstd-jni's own override wins
        UnsatisfiedLinkError besideFailed = null;
        if (library != null && Files.isRegularFile(library)) {
            try {
                System.load(library.toString());
                Native.assumeLoaded();
                loadedFrom = library;
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError e) {
                besideFailed = e; // a damaged or foreign file: zstd-jni's own loading below
            }
        }
        try {
            Native.load();
        } catch (UnsatisfiedLinkError e) {
            if (besideFailed != null) e.addSuppressed(besideFailed);
            throw e;
        }
        loaded = true;
    }

    /** Where the library was loaded from by {@link #load}; null if zstd-jni loaded it itself. */
    static synchronized Path loadedFrom() {
        return loadedFrom;
    }

    /** The library's place beside this class's jar or classes directory; null if there is none. */
    private static Path besideCodeSource() {
        CodeSource source = Zstd.class.getProtectionDomain().getCodeSource();
        if (source == null) return null;
        try {
            return libraryBeside(Path.of(source.getLocation().toURI()), System.getProperty("os.name"), System.getProperty("os.arch"));
        } catch (URISyntaxException | IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * {@code native/OS/ARCH/libzstd-jni-VERSION.so} in the directory holding {@code codeSource} (a
     * jar, or a classes directory), laid out as the resource inside zstd-jni's jar; null off Linux,
     * the only platform whose library the build unpacks.
     */
    static Path libraryBeside(Path codeSource, String osName, String osArch) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) return null;
        Path dir = codeSource.toAbsolutePath().getParent();
        if (dir == null) return null;
        return dir.resolve("native").resolve("linux").resolve(osArch)
                .resolve(System.mapLibraryName("zstd-jni-" + ZstdVersion.VERSION));
    }
}
