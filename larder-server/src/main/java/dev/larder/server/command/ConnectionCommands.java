package dev.larder.server.command;

import dev.larder.server.keyspace.Keyspace;
import dev.larder.server.protocol.Reply;
import java.util.List;

/** PING, ECHO, QUIT, HELLO, AUTH, SELECT, RESET: a connection's own state. */
final class ConnectionCommands {
    /** What HELLO and INFO report: the Redis version whose behaviour Larder matches. */
    static final String REDIS_VERSION = "7.0.15";

    private ConnectionCommands() {}

    static void register(CommandTable table) {
        table.add("ping", -1, Flag.NONE, ConnectionCommands::ping);
        table.add("echo", 2, Flag.NONE, c -> new Reply.Bulk(c.arg(1)));
        table.add("quit", -1, Flag.NO_AUTH, ConnectionCommands::quit);
        table.add("hello", -1, Flag.NO_AUTH, ConnectionCommands::hello);
        table.add("auth", -2, Flag.NO_AUTH, ConnectionCommands::auth);
        table.add("select", 2, Flag.NONE, ConnectionCommands::select);
        table.add("reset", 1, Flag.NO_AUTH, ConnectionCommands::reset);
    }

    private static Reply ping(Invocation c) {
        if (c.argc() > 2) return Errors.wrongArity("ping");
        return c.argc() == 1 ? new Reply.Simple("PONG") : new Reply.Bulk(c.arg(1));
    }

    private static Reply quit(Invocation c) {
        c.session().closeAfterReply();
        return Reply.OK;
    }

    static Reply intOutOfRange() {
        return Reply.error("ERR value is out of range, value must between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
    }

    private static Reply select(Invocation c) {
        long db;
        try {
            db = Arguments.parseLong(c.arg(1));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) return intOutOfRange();
        if (db < 0 || db >= Keyspace.DATABASES) return Errors.DB_OUT_OF_RANGE;
        c.session().db((int) db);
        return Reply.OK;
    }

    private static Reply auth(Invocation c) {
        if (c.argc() > 3) return Errors.SYNTAX;
        String password = c.server().config().requirePass();
        if (c.argc() == 2 && password == null) {
            return Reply.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        return authenticate(c, c.argc() == 2 ? "default" : c.text(1), c.text(c.argc() - 1)) ? Reply.OK : Errors.WRONGPASS;
    }

    /** The only user is "default"; without requirepass any password works, as Redis's nopass user. */
    private static boolean authenticate(Invocation c, String user, String password) {
        String required = c.server().config().requirePass();
        boolean ok = user.equals("default") && (required == null || java.security.MessageDigest.isEqual(
                required.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        if (ok) c.session().authenticated(true);
        return ok;
    }

    private static Reply hello(Invocation c) {
        long version = 0;
        int next = 1;
        if (c.argc() >= 2) {
            try {
                version = Arguments.parseLong(c.arg(next++));
            } catch (Arguments.NotANumber e) {
                return Reply.error("ERR Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) return Reply.error("NOPROTO unsupported protocol version");
        }
        String user = null;
        String password = null;
        byte[] name = null;
        for (int j = next; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "auth") && more >= 2) {
                user = c.text(j + 1);
                password = c.text(j + 2);
                j += 2;
            } else if (c.is(j, "setname") && more >= 1) {
                name = c.arg(++j);
            } else {
                return Errors.format("ERR Syntax error in HELLO option '" + Arguments.cString(c.text(j), Integer.MAX_VALUE) + "'");
            }
        }
        if (user != null && !authenticate(c, user, password)) return Errors.WRONGPASS;
        if (!c.session().authenticated()) {
            return Reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (name != null) {
            Reply invalid = ClientCommand.setName(c.session(), name);
            if (invalid != null) return invalid;
        }
        if (version != 0) c.session().protocol((int) version);
        return new Reply.Map(List.of(
                Reply.Bulk.of("server"), Reply.Bulk.of("redis"),
                Reply.Bulk.of("version"), Reply.Bulk.of(REDIS_VERSION),
                Reply.Bulk.of("proto"), new Reply.Integer(c.session().protocol()),
                Reply.Bulk.of("id"), new Reply.Integer(c.session().id()),
                Reply.Bulk.of("mode"), Reply.Bulk.of("standalone"),
                Reply.Bulk.of("role"), Reply.Bulk.of("master"),
                Reply.Bulk.of("modules"), Reply.EMPTY_ARRAY));
    }

    private static Reply reset(Invocation c) {
        Session session = c.session();
        session.db(0);
        session.protocol(2);
        session.name("");
        session.authenticated(c.server().config().requirePass() == null);
        return new Reply.Simple("RESET");
    }
}
