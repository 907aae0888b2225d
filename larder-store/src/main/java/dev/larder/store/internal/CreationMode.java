package dev.larder.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Permission bits given at creation (open or mkdir with a mode), so that a restored entry needs
 * no separate chmod unless the umask takes bits away or the mode has setuid, setgid or sticky
 * bits: on this kind of filesystem every extra open-fchmod-close costs as much as writing a small file.
 */
final class CreationMode {
    /** The umask, from /proc/self/status; 0777 if unknown, which makes every mode be set explicitly. */
    static final int UMASK = readUmask();
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };
    @SuppressWarnings("unchecked")
    private static final FileAttribute<Set<PosixFilePermission>>[] ATTRIBUTES = new FileAttribute[512];

    static {
        for (int mode = 0; mode < 512; mode++) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (int bit = 0; bit < 9; bit++) if ((mode & (1 << bit)) != 0) permissions.add(BITS[bit]);
            ATTRIBUTES[mode] = PosixFilePermissions.asFileAttribute(permissions);
        }
    }

    private CreationMode() {}

    /** The attribute that creates an entry with {@code mode}'s permission bits (less the umask's). */
    static FileAttribute<Set<PosixFilePermission>> of(int mode) {
        return ATTRIBUTES[mode & 0777];
    }

    /** True if an entry created with {@link #of}{@code (mode)} still needs a chmod to have {@code mode}. */
    static boolean needsChmod(int mode) {
        return (mode & ~0777) != 0 || (mode & UMASK) != 0;
    }

    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) return Integer.parseInt(line.substring(6).trim(), 8);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: fall through
        }
        return 0777;
    }
}
