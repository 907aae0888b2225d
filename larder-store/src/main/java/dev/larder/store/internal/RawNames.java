package dev.larder.store.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * File names as the kernel keeps them: bytes, not necessarily UTF-8. The store handles names as
 * Strings decoded the way Python's {@code os.fsdecode} does: each byte that is not part of valid
 * UTF-8 becomes a lone surrogate U+DC80..U+DCFF, so every name becomes a String and back without
 * losing a byte, and valid names are the plain Strings they always were.
 *
 * <p>A Path keeps the bytes it was listed with, but only the JDK's internal {@code UnixPath} can
 * make a Path from bytes or hand them out; reaching it needs {@code --add-opens
 * java.base/sun.nio.fs=ALL-UNNAMED}, which the larder jar's manifest asks for. Without it,
 * {@link #available} is false and names that are not UTF-8 are skipped and reported instead.
 */
public final class RawNames {
    private static final FileSystem DEFAULT = FileSystems.getDefault();
    private static final MethodHandle FROM_BYTES;
    private static final MethodHandle TO_BYTES;

    static {
        MethodHandle from = null, to = null;
        try {
            Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
            Class<?> unixFs = Class.forName("sun.nio.fs.UnixFileSystem");
            if (unixFs.isInstance(DEFAULT)) {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(unixPath, MethodHandles.lookup());
                from = lookup.findConstructor(unixPath, MethodType.methodType(void.class, unixFs, byte[].class))
                        .asType(MethodType.methodType(Path.class, FileSystem.class, byte[].class));
                to = lookup.findVirtual(unixPath, "asByteArray", MethodType.methodType(byte[].class))
                        .asType(MethodType.methodType(byte[].class, Path.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            from = to = null; // not opened to us, or not a unix JDK: only UTF-8 names are handled
        }
        FROM_BYTES = from;
        TO_BYTES = to;
    }

    private RawNames() {}

    /** True if names that are not valid UTF-8 can be read and written byte-exactly. */
    public static boolean available() {
        return FROM_BYTES != null;
    }

    /** The String for a raw name: UTF-8, with invalid bytes escaped as U+DC80..U+DCFF. */
    public static String decode(byte[] raw) {
        String plain = new String(raw, StandardCharsets.UTF_8);
        return plain.indexOf('\uFFFD') < 0 ? plain : decodeEscaping(raw);
    }

    private static String decodeEscaping(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length);
        for (CoderResult result = decoder.decode(in, out, true); !result.isUnderflow(); result = decoder.decode(in, out, true)) {
            for (int i = 0; i < result.length(); i++) out.put((char) (0xDC00 | (in.get() & 0xff)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The raw name for a String from {@link #decode}: the exact bytes it was decoded from. */
    public static byte[] encode(String name) {
        if (!hasSurrogates(name)) return name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(name.length() * 3);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                out.put(name.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out.put((byte) c);
            } else {
                out.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** True if {@code name} holds escaped bytes, so it is not valid UTF-8 on disk. */
    public static boolean escaped(String name) {
        for (int i = 0; i < name.length(); i++) if (escapedByteAt(name, i)) return true;
        return false;
    }

    /** True if the char at {@code i} is an escaped byte: U+DC80..U+DCFF not completing a surrogate pair. */
    private static boolean escapedByteAt(String name, int i) {
        char c = name.charAt(i);
        return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)));
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isSurrogate(s.charAt(i))) return true;
        return false;
    }

    /** The last component of {@code file} as a name String (see {@link #decode}). */
    static String name(Path file) {
        Path name = file.getFileName();
        String plain = name.toString();
        return plain.indexOf('\uFFFD') < 0 || !available() ? plain : decode(bytes(name));
    }

    /** The bytes of {@code path} as the kernel sees them (UTF-8 of its String where they cannot be reached). */
    static byte[] bytes(Path path) {
        if (TO_BYTES == null || path.getFileSystem() != DEFAULT) return path.toString().getBytes(StandardCharsets.UTF_8);
        try {
            return (byte[]) TO_BYTES.invokeExact(path);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code dir} resolved against a relative name String from {@link #decode}. */
    static Path resolve(Path dir, String relative) {
        return escaped(relative) ? dir.resolve(path(encode(relative))) : dir.resolve(relative);
    }

    /** A Path with exactly these bytes (a symlink's target, say: not normalised, not re-encoded). */
    static Path path(byte[] raw) {
        if (FROM_BYTES == null) {
            String plain = decode(raw);
            if (escaped(plain)) throw new IllegalStateException("a name that is not valid UTF-8 needs --add-opens java.base/sun.nio.fs=ALL-UNNAMED");
            return Path.of(plain);
        }
        try {
            return (Path) FROM_BYTES.invokeExact(DEFAULT, raw);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code name} for messages and listings, one line whatever it holds: escaped bytes and control
     * characters (newline, tab, escape, DEL...) as \xNN, NUL as \0.
     */
    public static String printable(String name) {
        if (!hasSurrogates(name) && !hasControl(name)) return name;
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0') out.append("\\0");
            else if (escapedByteAt(name, i) || isControl(c)) out.append(String.format("\\x%02x", c & 0xff));
            else out.append(c);
        }
        return out.toString();
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) if (isControl(s.charAt(i))) return true;
        return false;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
