package dev.larder.bench.store;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command lines of the tools people use today for what the store does, exactly as measured. */
public final class PeerTools {
    /** The executables the peers need; all are Debian packages of the same name. */
    static final List<String> REQUIRED = List.of("tar", "zstd", "rsync", "cp", "find");

    private PeerTools() {}

    /** {@code tar -I 'zstd -T0' -cf ARCHIVE -C DIR .}: zstd on every core, its default level 3. */
    public static List<String> tarCreate(Path dir, Path archive) {
        return List.of("tar", "-I", "zstd -T0", "-cf", archive.toString(), "-C", dir.toString(), ".");
    }

    /** {@code tar -I zstd -xf ARCHIVE -C TARGET}; TARGET must exist. */
    public static List<String> tarExtract(Path archive, Path target) {
        return List.of("tar", "-I", "zstd", "-xf", archive.toString(), "-C", target.toString());
    }

    /** {@code cp -a DIR TARGET}; TARGET must not exist (else cp copies into it). */
    public static List<String> copy(Path dir, Path target) {
        return List.of("cp", "-a", dir.toString(), target.toString());
    }

    /** {@code cp -al DIR TARGET}: a tree of hardlinks, the peer of a linked restore. */
    public static List<String> copyLinks(Path dir, Path target) {
        return List.of("cp", "-al", dir.toString(), target.toString());
    }

    /** {@code rsync -a DIR/ TARGET/}: the trailing slashes sync contents, not the directory itself. */
    public static List<String> rsync(Path dir, Path target) {
        return List.of("rsync", "-a", dir + "/", target + "/");
    }

    /**
     * {@code find DIR -printf '%s %T@ %m\n'}: an lstat of every entry and nothing else, the floor
     * under any no-op restore or unchanged snapshot that looks at each file.
     */
    public static List<String> statWalk(Path dir) {
        return List.of("find", dir.toString(), "-printf", "%s %T@ %m\n");
    }

    /** The required tools not found on {@code path} (a PATH-style list). */
    static List<String> missing(String path) {
        List<String> missing = new ArrayList<>();
        for (String tool : REQUIRED) if (!onPath(tool, path)) missing.add(tool);
        return missing;
    }

    /** The required tools not found on this process's PATH. */
    public static List<String> missing() {
        return missing(System.getenv().getOrDefault("PATH", ""));
    }

    private static boolean onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
        }
        return false;
    }
}
