package dev.larder.server.command;

import dev.larder.cache.HybridCache;
import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.protocol.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** GET, SET and the other string commands, as Redis 7.0's t_string.c behaves. */
final class StringCommands {
    static final long MAX_STRING_BYTES = 512L << 20; // proto-max-bulk-len

    private StringCommands() {}

    static void register(CommandTable table) {
        table.add("get", 2, Flag.NONE, StringCommands::get);
        table.add("set", -3, Flag.NONE, StringCommands::set);
        table.add("setnx", 3, Flag.NONE, c -> setnx(c));
        table.add("setex", 4, Flag.NONE, c -> setWithExpiry(c, ExpiryOptions.EX));
        table.add("psetex", 4, Flag.NONE, c -> setWithExpiry(c, ExpiryOptions.PX));
        table.add("getset", 3, Flag.NONE, StringCommands::getset);
        table.add("getdel", 2, Flag.NONE, StringCommands::getdel);
        table.add("getex", -2, Flag.NONE, StringCommands::getex);
        table.add("mget", -2, Flag.NONE, StringCommands::mget);
        table.add("mset", -3, Flag.NONE, c -> mset(c, false));
        table.add("msetnx", -3, Flag.NONE, c -> mset(c, true));
        table.add("append", 3, Flag.NONE, StringCommands::append);
        table.add("strlen", 2, Flag.NONE, StringCommands::strlen);
        table.add("incr", 2, Flag.NONE, c -> incrBy(c, 1));
        table.add("decr", 2, Flag.NONE, c -> incrBy(c, -1));
        table.add("incrby", 3, Flag.NONE, c -> incrByArgument(c, false));
        table.add("decrby", 3, Flag.NONE, c -> incrByArgument(c, true));
        table.add("incrbyfloat", 3, Flag.NONE, StringCommands::incrByFloat);
        table.add("getrange", 4, Flag.NONE, StringCommands::getrange);
        table.add("setrange", 4, Flag.NONE, StringCommands::setrange);
    }

    static Reply bulkOrNull(byte[] value) {
        return value == null ? Reply.Null.STRING : new Reply.Bulk(value);
    }

    /** A value kept on disk in chunks is streamed (see {@link Reply.Chunked}), never read whole. */
    private static Reply get(Invocation c) {
        return found(c.keyspace().find(c.db(), c.arg(1)));
    }

    private static Reply found(HybridCache.Found<byte[]> found) {
        return switch (found) {
            case null -> Reply.Null.STRING;
            case HybridCache.Found.Value<byte[]> v -> new Reply.Bulk(v.value());
            case HybridCache.Found.Chunks<byte[]> chunks -> new Reply.Chunked(chunks.encoded());
        };
    }

    private static Reply set(Invocation c) {
        ExpiryOptions options = ExpiryOptions.parse(c, 3, true);
        if (options.error() != null) return options.error();
        return setGeneric(c, options, c.arg(1), c.arg(2), Reply.OK, Reply.Null.STRING);
    }

    private static Reply setnx(Invocation c) {
        ExpiryOptions options = ExpiryOptions.none().withFlag(ExpiryOptions.NX);
        return setGeneric(c, options, c.arg(1), c.arg(2), Reply.ONE, new Reply.Integer(0));
    }

    private static Reply setWithExpiry(Invocation c, int unitFlag) {
        ExpiryOptions options = ExpiryOptions.none().withExpiry(unitFlag, c.arg(2));
        return setGeneric(c, options, c.arg(1), c.arg(3), Reply.OK, Reply.Null.STRING);
    }

    /** Redis's setGenericCommand: expiry checked first, then GET's reply, then NX/XX. */
    private static Reply setGeneric(Invocation c, ExpiryOptions options, byte[] key, byte[] value, Reply ok, Reply aborted) {
        Keyspace keyspace = c.keyspace();
        long expireAt = 0;
        if (options.expiry() != null) {
            Long deadline = options.deadline(keyspace.now());
            if (deadline == null) return options.expiryError(c);
            expireAt = deadline;
        }
        Reply old = null;
        if (options.has(ExpiryOptions.GET)) old = bulkOrNull(keyspace.get(c.db(), key));
        if (options.has(ExpiryOptions.NX) || options.has(ExpiryOptions.XX)) {
            boolean found = keyspace.exists(c.db(), key);
            if ((options.has(ExpiryOptions.NX) && found) || (options.has(ExpiryOptions.XX) && !found)) {
                return old != null ? old : aborted;
            }
        }
        if (options.has(ExpiryOptions.KEEPTTL)) keyspace.setKeepingTtl(c.db(), key, value);
        else keyspace.set(c.db(), key, value, expireAt);
        return old != null ? old : ok;
    }

    private static Reply getset(Invocation c) {
        byte[] old = c.keyspace().get(c.db(), c.arg(1));
        c.keyspace().set(c.db(), c.arg(1), c.arg(2), 0);
        return bulkOrNull(old);
    }

    private static Reply getdel(Invocation c) {
        byte[] value = c.keyspace().get(c.db(), c.arg(1));
        if (value != null) c.keyspace().delete(c.db(), c.arg(1));
        return bulkOrNull(value);
    }

    private static Reply getex(Invocation c) {
        ExpiryOptions options = ExpiryOptions.parse(c, 2, false);
        if (options.error() != null) return options.error();
        Keyspace keyspace = c.keyspace();
        byte[] value = keyspace.get(c.db(), c.arg(1));
        if (value == null) return Reply.Null.STRING;
        if (options.expiry() != null) {
            Long deadline = options.deadline(keyspace.now());
            if (deadline == null) return options.expiryError(c);
            keyspace.setExpireAt(c.db(), c.arg(1), deadline); // a past EXAT/PXAT deletes
        } else if (options.has(ExpiryOptions.PERSIST)) {
            Long expireAt = keyspace.expireAt(c.db(), c.arg(1));
            if (expireAt != null && expireAt != 0) keyspace.setExpireAt(c.db(), c.arg(1), 0);
        }
        return new Reply.Bulk(value);
    }

    private static Reply mget(Invocation c) {
        List<Reply> values = new ArrayList<>(c.argc() - 1);
        List<byte[]> keys = Arrays.asList(c.args()).subList(1, c.argc());
        c.keyspace().prefetch(c.db(), keys);
        for (byte[] key : keys) values.add(found(c.keyspace().find(c.db(), key)));
        return new Reply.Array(values);
    }

    private static Reply mset(Invocation c, boolean onlyIfNoneExist) {
        if (c.argc() % 2 == 0) return Errors.wrongArity(onlyIfNoneExist ? "msetnx" : "mset");
        if (onlyIfNoneExist) {
            for (int i = 1; i < c.argc(); i += 2) if (c.keyspace().exists(c.db(), c.arg(i))) return new Reply.Integer(0);
        }
        for (int i = 1; i < c.argc(); i += 2) c.keyspace().set(c.db(), c.arg(i), c.arg(i + 1), 0);
        return onlyIfNoneExist ? Reply.ONE : Reply.OK;
    }

    private static Reply append(Invocation c) {
        byte[] old = c.keyspace().get(c.db(), c.arg(1));
        byte[] tail = c.arg(2);
        if (old == null) {
            c.keyspace().set(c.db(), c.arg(1), tail, 0);
            return new Reply.Integer(tail.length);
        }
        if ((long) old.length + tail.length > MAX_STRING_BYTES) return Errors.TOO_BIG;
        byte[] joined = Arrays.copyOf(old, old.length + tail.length);
        System.arraycopy(tail, 0, joined, old.length, tail.length);
        c.keyspace().setKeepingTtl(c.db(), c.arg(1), joined);
        return new Reply.Integer(joined.length);
    }

    private static Reply strlen(Invocation c) {
        byte[] value = c.keyspace().get(c.db(), c.arg(1));
        return new Reply.Integer(value == null ? 0 : value.length);
    }

    private static Reply incrByArgument(Invocation c, boolean negate) {
        long increment;
        try {
            increment = Arguments.parseLong(c.arg(2));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        if (negate) {
            if (increment == Long.MIN_VALUE) return Reply.error("ERR decrement would overflow");
            increment = -increment;
        }
        return incrBy(c, increment);
    }

    private static Reply incrBy(Invocation c, long increment) {
        byte[] old = c.keyspace().get(c.db(), c.arg(1));
        long value;
        try {
            value = old == null ? 0 : Arguments.parseLong(old);
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            return Reply.error("ERR increment or decrement would overflow");
        }
        value += increment;
        c.keyspace().setKeepingTtl(c.db(), c.arg(1), Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return new Reply.Integer(value);
    }

    private static Reply incrByFloat(Invocation c) {
        byte[] old = c.keyspace().get(c.db(), c.arg(1));
        BigDecimal value;
        BigDecimal increment;
        try {
            value = old == null ? BigDecimal.ZERO : LongDouble.parse(old);
            increment = LongDouble.parse(c.arg(2));
        } catch (LongDouble.Invalid e) {
            return Errors.NOT_FLOAT;
        }
        BigDecimal sum = value == null || increment == null ? null : LongDouble.add(value, increment);
        if (sum == null) return Reply.error("ERR increment would produce NaN or Infinity");
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        c.keyspace().setKeepingTtl(c.db(), c.arg(1), text);
        return new Reply.Bulk(text);
    }

    private static Reply getrange(Invocation c) {
        long start;
        long end;
        try {
            start = Arguments.parseLong(c.arg(2));
            end = Arguments.parseLong(c.arg(3));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        byte[] value = c.keyspace().get(c.db(), c.arg(1));
        if (value == null) return new Reply.Bulk(new byte[0]);
        long length = value.length;
        if (start < 0 && end < 0 && start > end) return new Reply.Bulk(new byte[0]);
        if (start < 0) start = length + start;
        if (end < 0) end = length + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= length) end = length - 1;
        if (start > end || length == 0) return new Reply.Bulk(new byte[0]);
        return new Reply.Bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    private static Reply setrange(Invocation c) {
        long offset;
        try {
            offset = Arguments.parseLong(c.arg(2));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        if (offset < 0) return Reply.error("ERR offset is out of range");
        byte[] patch = c.arg(3);
        byte[] old = c.keyspace().get(c.db(), c.arg(1));
        if (patch.length == 0) return new Reply.Integer(old == null ? 0 : old.length);
        if (offset + patch.length > MAX_STRING_BYTES || offset + patch.length < 0) return Errors.TOO_BIG;
        int length = (int) Math.max(old == null ? 0 : old.length, offset + patch.length);
        byte[] value = old == null ? new byte[length] : Arrays.copyOf(old, length);
        System.arraycopy(patch, 0, value, (int) offset, patch.length);
        if (old == null) c.keyspace().set(c.db(), c.arg(1), value, 0);
        else c.keyspace().setKeepingTtl(c.db(), c.arg(1), value);
        return new Reply.Integer(value.length);
    }
}
