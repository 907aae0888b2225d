package dev.larder.store;

/** What a catalog entry is. Codes are the on-disk byte; anything else is refused on restore. */
public enum EntryKind {
    FILE(0), DIRECTORY(1), SYMLINK(2);

    public final int code;

    EntryKind(int code) {
        this.code = code;
    }

    /** The kind for an on-disk code, or null for an unknown code (device files, hostile input). */
    public static EntryKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Indexed by code; {@code values()} would copy its array on every call, and restore calls this per entry. */
    private static final EntryKind[] BY_CODE = {FILE, DIRECTORY, SYMLINK};
}
