package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** CLIENT SETNAME / GETNAME / ID / LIST / INFO / SETINFO / KILL / HELP. */
final class ClientCommand {
    /** Subcommand arities, as Redis declares them (negative: at least). */
    private static final Map<String, Integer> ARITY = Map.of(
            "setname", 3, "getname", 2, "id", 2, "list", -2, "info", 2, "setinfo", 4, "kill", -3, "help", 2);

    private ClientCommand() {}

    static void register(CommandTable table) {
        table.add("client", -2, Flag.NONE, ClientCommand::client);
    }

    private static Reply client(Invocation c) {
        String sub = Arguments.lower(c.arg(1));
        Integer arity = ARITY.get(sub);
        if (arity == null) return Errors.unknownSubcommand(c.text(1), "CLIENT");
        if (arity > 0 ? c.argc() != arity : c.argc() < -arity) return Errors.wrongArity("client|" + sub);
        Session session = c.session();
        return switch (sub) {
            case "setname" -> {
                Reply invalid = setName(session, c.arg(2));
                yield invalid != null ? invalid : Reply.OK;
            }
            case "getname" -> session.name().isEmpty() ? Reply.Null.STRING : Reply.Bulk.of(session.name());
            case "id" -> new Reply.Integer(session.id());
            case "info" -> new Reply.Verbatim("txt", describe(session, c.keyspace().now()));
            case "list" -> list(c);
            case "setinfo" -> setInfo(c);
            case "kill" -> kill(c);
            default -> help();
        };
    }

    /** Null if the name was set; names are printable ASCII without spaces, as Redis requires. */
    static Reply setName(Session session, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') return Reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        session.name(new String(name, StandardCharsets.US_ASCII));
        return null;
    }

    private static Reply setInfo(Invocation c) {
        String attribute = Arguments.lower(c.arg(2));
        if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
            return Errors.format("ERR Unrecognized option '" + c.text(2) + "'");
        }
        for (byte b : c.arg(3)) {
            if (b < '!' || b > '~') return Errors.format("ERR " + c.text(2) + " cannot contain spaces, newlines or special characters.");
        }
        if (attribute.equals("lib-name")) c.session().libName(c.text(3));
        else c.session().libVersion(c.text(3));
        return Reply.OK;
    }

    private static Reply list(Invocation c) {
        java.util.Set<Long> ids = null;
        if (c.argc() == 4 && c.is(2, "type")) {
            Reply unknown = checkType(c, 3);
            if (unknown != null) return unknown;
            if (!c.is(3, "normal")) return new Reply.Verbatim("txt", "");
        } else if (c.argc() > 3 && c.is(2, "id")) {
            ids = new java.util.HashSet<>();
            for (int j = 3; j < c.argc(); j++) {
                try {
                    ids.add(Arguments.parseLong(c.arg(j)));
                } catch (Arguments.NotANumber e) {
                    return Reply.error("ERR Invalid client ID");
                }
            }
        } else if (c.argc() != 2) {
            return Errors.SYNTAX;
        }
        StringBuilder out = new StringBuilder();
        long now = c.keyspace().now();
        for (Session session : c.server().clients().list()) {
            if (ids == null || ids.contains(session.id())) out.append(describe(session, now));
        }
        return new Reply.Verbatim("txt", out.toString());
    }

    /** Null for a client type Redis knows (every Larder client is "normal"), else Redis's error. */
    private static Reply checkType(Invocation c, int i) {
        for (String type : List.of("normal", "slave", "replica", "master", "pubsub")) if (c.is(i, type)) return null;
        return Errors.format("ERR Unknown client type '" + Arguments.cString(c.text(i), Integer.MAX_VALUE) + "'");
    }

    /** One CLIENT LIST line, fields as Redis 7.2 prints them (buffers Larder does not track are 0). */
    static String describe(Session s, long nowMs) {
        return "id=" + s.id() + " addr=" + s.address() + " laddr=" + s.localAddress() + " fd=-1 name=" + s.name()
                + " age=" + (nowMs - s.createdMs()) / 1000 + " idle=" + (nowMs - s.lastInteractionMs()) / 1000
                + " flags=N db=" + s.db() + " sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
                + " rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + s.lastCommand() + " user=default redir=-1"
                + " resp=" + s.protocol() + " lib-name=" + s.libName() + " lib-ver=" + s.libVersion() + "\n";
    }

    private static Reply kill(Invocation c) {
        List<Session> sessions = c.server().clients().list();
        if (c.argc() == 3) { // old form: CLIENT KILL addr:port
            for (Session session : sessions) {
                if (session.address().equals(c.text(2))) {
                    kill(c, session);
                    return Reply.OK;
                }
            }
            return Reply.error("ERR No such client");
        }
        Long id = null;
        String addr = null, laddr = null;
        boolean skipMe = true, normalOnly = true;
        for (int i = 2; i < c.argc(); i += 2) {
            boolean hasValue = i + 1 < c.argc();
            if (c.is(i, "id") && hasValue) {
                try {
                    id = Arguments.parseLong(c.arg(i + 1));
                } catch (Arguments.NotANumber e) {
                    id = 0L;
                }
                if (id <= 0) return Reply.error("ERR client-id should be greater than 0");
            } else if (c.is(i, "type") && hasValue) {
                Reply unknown = checkType(c, i + 1);
                if (unknown != null) return unknown;
                normalOnly = c.is(i + 1, "normal");
            } else if (c.is(i, "addr") && hasValue) {
                addr = c.text(i + 1);
            } else if (c.is(i, "laddr") && hasValue) {
                laddr = c.text(i + 1);
            } else if (c.is(i, "user") && hasValue) {
                if (!c.is(i + 1, "default")) {
                    return Errors.format("ERR No such user '" + Arguments.cString(c.text(i + 1), Integer.MAX_VALUE) + "'");
                }
            } else if (c.is(i, "skipme") && hasValue) {
                if (c.is(i + 1, "yes")) skipMe = true;
                else if (c.is(i + 1, "no")) skipMe = false;
                else return Errors.SYNTAX;
            } else {
                return Errors.SYNTAX;
            }
        }
        long killed = 0;
        for (Session session : sessions) {
            if (!normalOnly) break;
            if (id != null && session.id() != id) continue;
            if (addr != null && !session.address().equals(addr)) continue;
            if (laddr != null && !session.localAddress().equals(laddr)) continue;
            if (skipMe && session == c.session()) continue;
            kill(c, session);
            killed++;
        }
        return new Reply.Integer(killed);
    }

    private static void kill(Invocation c, Session target) {
        if (target == c.session()) target.closeAfterReply();
        else target.disconnect();
    }

    private static Reply help() {
        List<String> lines = List.of(
                "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GETNAME", "    Return the name of the current connection.",
                "ID", "    Return the ID of the current connection.",
                "INFO", "    Return information about the current client connection.",
                "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are: ID, TYPE, ADDR, LADDR, USER, SKIPME.",
                "LIST [options ...]", "    Return information about client connections. Options: TYPE, ID.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.",
                "SETINFO <option> <value>", "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
                "HELP", "    Print this help.");
        return new Reply.Array(lines.stream().<Reply>map(Reply.Simple::new).toList());
    }
}
