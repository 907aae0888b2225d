package dev.larder.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 content id: the name of a blob and of a catalog. Immutable. */
public record ContentId(byte[] bytes) {
    public static final int LENGTH_BYTES = 32;

    public ContentId {
        if (bytes.length != LENGTH_BYTES) throw new IllegalArgumentException("content id must be 32 bytes");
        bytes = bytes.clone();
    }

    public static ContentId of(MessageDigest finishedDigest) {
        return new ContentId(finishedDigest.digest());
    }

    public static ContentId hash(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return of(digest);
    }

    public static ContentId parse(String hex) {
        return new ContentId(HexFormat.of().parseHex(hex));
    }

    /**
     * A fresh SHA-256 digest: libcrypto's ({@link NativeSha256}) where it can be used, else a
     * clone of an unused JDK one, since a provider lookup per file cost 5x as much.
     */
    public static MessageDigest sha256() {
        MessageDigest digest = NativeSha256.newOrNull();
        if (digest != null) return digest;
        try {
            return (MessageDigest) Sha256.PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
        }
    }

    private static final class Sha256 {
        static final MessageDigest PROTOTYPE;

        static {
            try {
                PROTOTYPE = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
        }
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentId other && Arrays.equals(bytes, other.bytes);
    }

    /** The id's first four bytes: a SHA-256 is as evenly spread as a hash gets (Arrays.hashCode read all 32 at every lookup). */
    @Override
    public int hashCode() {
        return bytes[0] << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
    }

    @Override
    public String toString() {
        return hex();
    }
}
