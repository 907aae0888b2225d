package dev.larder.server.command;

import dev.larder.server.protocol.Reply;

/**
 * SET's and GETEX's options, parsed by the same rules as Redis's parseExtendedStringArgumentsOrReply:
 * which combinations are accepted, in which order errors are found, and what the deadline is.
 */
record ExpiryOptions(int flags, byte[] expiry, Reply error) {
    static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, PERSIST = 16, EX = 32, PX = 64, EXAT = 128, PXAT = 256;
    private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;

    static ExpiryOptions none() {
        return new ExpiryOptions(0, null, null);
    }

    ExpiryOptions withFlag(int flag) {
        return new ExpiryOptions(flags | flag, expiry, error);
    }

    ExpiryOptions withExpiry(int unitFlag, byte[] value) {
        return new ExpiryOptions(flags | unitFlag, value, error);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Parses from argument {@code from}; {@code forSet} allows NX/XX/GET/KEEPTTL, else PERSIST. */
    static ExpiryOptions parse(Invocation c, int from, boolean forSet) {
        int flags = 0;
        byte[] expiry = null;
        for (int j = from; j < c.argc(); j++) {
            boolean hasNext = j < c.argc() - 1;
            int other = flags;
            if (forSet && c.is(j, "nx") && (other & XX) == 0) flags |= NX;
            else if (forSet && c.is(j, "xx") && (other & NX) == 0) flags |= XX;
            else if (forSet && c.is(j, "get")) flags |= GET;
            else if (forSet && c.is(j, "keepttl") && (other & (PERSIST | ANY_EXPIRY)) == 0) flags |= KEEPTTL;
            else if (!forSet && c.is(j, "persist") && (other & (KEEPTTL | ANY_EXPIRY)) == 0) flags |= PERSIST;
            else if (hasNext && isExpiryOption(c, j) != 0 && (other & (KEEPTTL | PERSIST | (ANY_EXPIRY & ~isExpiryOption(c, j)))) == 0) {
                flags |= isExpiryOption(c, j);
                expiry = c.arg(++j);
            } else {
                return new ExpiryOptions(flags, expiry, Errors.SYNTAX);
            }
        }
        return new ExpiryOptions(flags, expiry, null);
    }

    private static int isExpiryOption(Invocation c, int j) {
        if (c.is(j, "ex")) return EX;
        if (c.is(j, "px")) return PX;
        if (c.is(j, "exat")) return EXAT;
        if (c.is(j, "pxat")) return PXAT;
        return 0;
    }

    /** The absolute deadline in ms, or null if the given time is invalid (see {@link #expiryError}). */
    Long deadline(long nowMs) {
        long value;
        try {
            value = Arguments.parseLong(expiry);
        } catch (Arguments.NotANumber e) {
            return null;
        }
        boolean seconds = has(EX) || has(EXAT);
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) return null;
        if (seconds) value *= 1000;
        if (has(EX) || has(PX)) value += nowMs; // may wrap negative, as in C: rejected below
        return value <= 0 ? null : value;
    }

    /** Why {@link #deadline} failed: not a number, or not a valid time. */
    Reply expiryError(Invocation c) {
        try {
            Arguments.parseLong(expiry);
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        return Errors.invalidExpireTime(c.server().commands().fullName(c));
    }
}
