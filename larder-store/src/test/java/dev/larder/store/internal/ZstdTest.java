package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.util.ZstdVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** zstd-jni's library comes from beside the code, where the build unpacked it, not from a temp copy. */
class ZstdTest {
    private static final String LIBRARY = "libzstd-jni-" + ZstdVersion.VERSION + ".so";

    @Test
    void theLibraryIsLookedForBesideAJarOrAClassesDirectory() {
        assertThat(Zstd.libraryBeside(Path.of("/opt/larder/larder.jar"), "Linux", "amd64"))
                .isEqualTo(Path.of("/opt/larder/native/linux/amd64", LIBRARY));
        assertThat(Zstd.libraryBeside(Path.of("/src/larder-store/target/classes"), "Linux", "aarch64"))
                .isEqualTo(Path.of("/src/larder-store/target/native/linux/aarch64", LIBRARY));
        assertThat(Zstd.libraryBeside(Path.of("/opt/larder/larder.jar"), "Mac OS X", "aarch64")).as("only Linux's are unpacked").isNull();
    }

    @Test
    void theBuildsUnpackedLibraryIsLoadedAndWorks() {
        byte[] text = "a larder keeps what a larder keeps ".repeat(100).getBytes(StandardCharsets.US_ASCII);
        ZstdCompressCtx compressor = Zstd.compressor(3);
        ZstdDecompressCtx decompressor = Zstd.decompressor();
        try {
            byte[] compressed = compressor.compress(text);
            assertThat(compressed.length).isLessThan(text.length / 10);
            assertThat(decompressor.decompress(compressed, text.length)).isEqualTo(text);
        } finally {
            compressor.close();
            decompressor.close();
        }
        String arch = System.getProperty("os.arch");
        assertThat(Zstd.loadedFrom()).as("loaded from the module's target/native, not copied to a temp file")
                .isEqualTo(Path.of("target", "native", "linux", arch, LIBRARY).toAbsolutePath());
    }
}
