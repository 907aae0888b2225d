package dev.larder.server.command;

import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Commands on keys whatever their type, as Redis 7.0's db.c and expire.c behave. */
final class KeyspaceCommands {
    private KeyspaceCommands() {}

    static void register(CommandTable table) {
        table.add("del", -2, Flag.NONE, KeyspaceCommands::del);
        table.add("unlink", -2, Flag.NONE, KeyspaceCommands::del);
        table.add("exists", -2, Flag.NONE, c -> countExisting(c));
        table.add("touch", -2, Flag.NONE, c -> countExisting(c));
        table.add("type", 2, Flag.NONE, c -> new Reply.Simple(c.keyspace().exists(c.db(), c.arg(1)) ? "string" : "none"));
        table.add("expire", -3, Flag.NONE, c -> expire(c, c.keyspace().now(), true));
        table.add("pexpire", -3, Flag.NONE, c -> expire(c, c.keyspace().now(), false));
        table.add("expireat", -3, Flag.NONE, c -> expire(c, 0, true));
        table.add("pexpireat", -3, Flag.NONE, c -> expire(c, 0, false));
        table.add("ttl", 2, Flag.NONE, c -> ttl(c, false, false));
        table.add("pttl", 2, Flag.NONE, c -> ttl(c, true, false));
        table.add("expiretime", 2, Flag.NONE, c -> ttl(c, false, true));
        table.add("pexpiretime", 2, Flag.NONE, c -> ttl(c, true, true));
        table.add("persist", 2, Flag.NONE, KeyspaceCommands::persist);
        table.add("keys", 2, Flag.NONE, KeyspaceCommands::keys);
        table.add("scan", -2, Flag.NONE, KeyspaceCommands::scan);
        table.add("randomkey", 1, Flag.NONE, c -> StringCommands.bulkOrNull(c.keyspace().randomKey(c.db())));
        table.add("rename", 3, Flag.NONE, c -> rename(c, false));
        table.add("renamenx", 3, Flag.NONE, c -> rename(c, true));
        table.add("copy", -3, Flag.NONE, KeyspaceCommands::copy);
        table.add("dbsize", 1, Flag.NONE, c -> new Reply.Integer(c.keyspace().size(c.db())));
        table.add("flushdb", -1, Flag.NONE, c -> flush(c, false));
        table.add("flushall", -1, Flag.NONE, c -> flush(c, true));
    }

    private static Reply del(Invocation c) {
        long deleted = 0;
        for (int i = 1; i < c.argc(); i++) if (c.keyspace().delete(c.db(), c.arg(i))) deleted++;
        return new Reply.Integer(deleted);
    }

    private static Reply countExisting(Invocation c) {
        long count = 0;
        for (int i = 1; i < c.argc(); i++) if (c.keyspace().exists(c.db(), c.arg(i))) count++;
        return new Reply.Integer(count);
    }

    /** expireGenericCommand: options, then the number, then overflow, then the key and NX/XX/GT/LT. */
    private static Reply expire(Invocation c, long basetime, boolean seconds) {
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int j = 3; j < c.argc(); j++) {
            if (c.is(j, "nx")) nx = true;
            else if (c.is(j, "xx")) xx = true;
            else if (c.is(j, "gt")) gt = true;
            else if (c.is(j, "lt")) lt = true;
            else return Errors.format("ERR Unsupported option " + Arguments.cString(c.text(j), Integer.MAX_VALUE));
        }
        if (nx && (xx || gt || lt)) return Reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        if (gt && lt) return Reply.error("ERR GT and LT options at the same time are not compatible");
        long when;
        try {
            when = Arguments.parseLong(c.arg(2));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        String name = c.server().commands().fullName(c);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) return Errors.invalidExpireTime(name);
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) return Errors.invalidExpireTime(name);
        when += basetime;
        Keyspace keyspace = c.keyspace();
        Long current = keyspace.expireAt(c.db(), c.arg(1));
        if (current == null) return new Reply.Integer(0);
        long currentOrInfinite = current == 0 ? -1 : current;
        if (nx && currentOrInfinite != -1) return new Reply.Integer(0);
        if (xx && currentOrInfinite == -1) return new Reply.Integer(0);
        if (gt && (when <= currentOrInfinite || currentOrInfinite == -1)) return new Reply.Integer(0);
        if (lt && currentOrInfinite != -1 && when >= currentOrInfinite) return new Reply.Integer(0);
        if (when <= keyspace.now()) keyspace.delete(c.db(), c.arg(1));
        else keyspace.setExpireAt(c.db(), c.arg(1), when);
        return Reply.ONE;
    }

    private static Reply ttl(Invocation c, boolean millis, boolean absolute) {
        Long expireAt = c.keyspace().expireAt(c.db(), c.arg(1));
        if (expireAt == null) return new Reply.Integer(-2);
        if (expireAt == 0) return new Reply.Integer(-1);
        long ttl = absolute ? expireAt : Math.max(0, expireAt - c.keyspace().now());
        return new Reply.Integer(millis ? ttl : Long.divideUnsigned(ttl + 500, 1000)); // as Redis prints it near 2^63
    }

    private static Reply persist(Invocation c) {
        Long expireAt = c.keyspace().expireAt(c.db(), c.arg(1));
        if (expireAt == null || expireAt == 0) return new Reply.Integer(0);
        c.keyspace().setExpireAt(c.db(), c.arg(1), 0);
        return Reply.ONE;
    }

    private static Reply keys(Invocation c) {
        return bulkArray(c.keyspace().keys(c.db(), c.arg(1)));
    }

    private static Reply bulkArray(List<byte[]> keys) {
        List<Reply> items = new ArrayList<>(keys.size());
        for (byte[] key : keys) items.add(new Reply.Bulk(key));
        return new Reply.Array(items);
    }

    private static Reply scan(Invocation c) {
        long cursor;
        try {
            cursor = Arguments.parseCursor(c.arg(1));
        } catch (Arguments.NotANumber e) {
            return Reply.error("ERR invalid cursor");
        }
        long count = 10;
        byte[] pattern = null;
        String type = null;
        for (int i = 2; i < c.argc(); ) {
            boolean hasValue = c.argc() - i >= 2;
            if (c.is(i, "count") && hasValue) {
                try {
                    count = Arguments.parseLong(c.arg(i + 1));
                } catch (Arguments.NotANumber e) {
                    return Errors.NOT_INTEGER;
                }
                if (count < 1) return Errors.SYNTAX;
            } else if (c.is(i, "match") && hasValue) {
                pattern = dev.larder.server.keyspace.Glob.matchesEverything(c.arg(i + 1)) ? null : c.arg(i + 1);
            } else if (c.is(i, "type") && hasValue) {
                type = c.text(i + 1);
            } else {
                return Errors.SYNTAX;
            }
            i += 2;
        }
        Keyspace.ScanPage page = c.keyspace().scan(c.db(), cursor, (int) Math.min(count, 1 << 20), pattern);
        List<byte[]> keys = type == null || type.equalsIgnoreCase("string") ? page.keys() : List.of();
        return new Reply.Array(List.of(
                new Reply.Bulk(Long.toUnsignedString(page.nextCursor()).getBytes(StandardCharsets.US_ASCII)),
                bulkArray(keys)));
    }

    private static Reply rename(Invocation c, boolean onlyIfAbsent) {
        Keyspace keyspace = c.keyspace();
        byte[] value = keyspace.get(c.db(), c.arg(1));
        if (value == null) return Errors.NO_SUCH_KEY;
        if (java.util.Arrays.equals(c.arg(1), c.arg(2))) return onlyIfAbsent ? new Reply.Integer(0) : Reply.OK;
        if (onlyIfAbsent && keyspace.exists(c.db(), c.arg(2))) return new Reply.Integer(0);
        long expireAt = keyspace.expireAt(c.db(), c.arg(1));
        keyspace.delete(c.db(), c.arg(1));
        keyspace.set(c.db(), c.arg(2), value, expireAt);
        return onlyIfAbsent ? Reply.ONE : Reply.OK;
    }

    private static Reply copy(Invocation c) {
        int targetDb = c.db();
        boolean replace = false;
        for (int j = 3; j < c.argc(); j++) {
            if (c.is(j, "replace")) {
                replace = true;
            } else if (c.is(j, "db") && c.argc() - j - 1 >= 1) {
                long db;
                try {
                    db = Arguments.parseLong(c.arg(j + 1));
                } catch (Arguments.NotANumber e) {
                    return Errors.NOT_INTEGER;
                }
                if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) return ConnectionCommands.intOutOfRange();
                if (db < 0 || db >= Keyspace.DATABASES) return Errors.DB_OUT_OF_RANGE;
                targetDb = (int) db;
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (targetDb == c.db() && java.util.Arrays.equals(c.arg(1), c.arg(2))) return Errors.SAME_OBJECT;
        Keyspace keyspace = c.keyspace();
        byte[] value = keyspace.get(c.db(), c.arg(1));
        if (value == null) return new Reply.Integer(0);
        long expireAt = keyspace.expireAt(c.db(), c.arg(1));
        if (keyspace.exists(targetDb, c.arg(2)) && !replace) return new Reply.Integer(0);
        keyspace.set(targetDb, c.arg(2), value, expireAt);
        return Reply.ONE;
    }

    private static Reply flush(Invocation c, boolean all) {
        if (c.argc() == 2 && !c.is(1, "sync") && !c.is(1, "async")) return Errors.SYNTAX;
        if (c.argc() > 2) return Errors.SYNTAX;
        if (all) c.keyspace().flushAll();
        else c.keyspace().flushDb(c.db());
        return Reply.OK;
    }
}
