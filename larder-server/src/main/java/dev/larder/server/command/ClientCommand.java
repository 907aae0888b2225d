package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * CLIENT and its subcommands. Larder has no client-side caching, no blocking commands and no
 * client eviction, so TRACKING, CACHING, GETREDIR, TRACKINGINFO, UNBLOCK and NO-EVICT answer as
 * Redis does for a client with none of them; TRACKING ON is refused.
 */
final class ClientCommand {
    /** Subcommand arities, as Redis declares them (negative: at least). */
    private static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("setname", 3), Map.entry("getname", 2), Map.entry("id", 2), Map.entry("list", -2),
            Map.entry("info", 2), Map.entry("setinfo", 4), Map.entry("kill", -3), Map.entry("help", 2),
            Map.entry("reply", 3), Map.entry("pause", -3), Map.entry("unpause", 2), Map.entry("no-evict", 3),
            Map.entry("tracking", -3), Map.entry("trackinginfo", 2), Map.entry("getredir", 2), Map.entry("caching", 3),
            Map.entry("unblock", -3));
    private static final Reply HELP = Reply.simpleStrings(List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)", "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR", "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME", "    Return the name of the current connection.",
            "ID", "    Return the ID of the current connection.",
            "INFO", "    Return information about the current client connection.",
            "KILL <ip:port>", "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are: ID, TYPE, ADDR, LADDR, USER, SKIPME.",
            "LIST [options ...]", "    Return information about client connections. Options: TYPE, ID.",
            "UNPAUSE", "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)", "    Control the replies sent to the current connection.",
            "SETNAME <name>", "    Assign the name <name> to the current connection.",
            "SETINFO <option> <value>", "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF)", "    Server assisted client side caching: Larder has none, so only OFF is accepted.",
            "TRACKINGINFO", "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.",
            "HELP", "    Print this help."));

    private ClientCommand() {}

    static void register(CommandTable table) {
        table.add("client", -2, Flag.NONE, ClientCommand::client);
    }

    private static Reply client(Invocation c) {
        String sub = Arguments.lower(c.arg(1));
        Integer arity = ARITY.get(sub);
        if (arity == null) return Errors.unknownSubcommand(c.text(1), "CLIENT");
        Session session = c.session();
        session.ran("client|" + sub); // as Redis names a subcommand in CLIENT LIST
        if (arity > 0 ? c.argc() != arity : c.argc() < -arity) return Errors.wrongArity("client|" + sub);
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
            case "reply" -> reply(c);
            case "pause" -> pause(c);
            case "unpause" -> {
                c.server().clients().pause().unpause();
                yield Reply.OK;
            }
            case "no-evict" -> c.is(2, "on") || c.is(2, "off") ? Reply.OK : Errors.SYNTAX;
            case "tracking" -> tracking(c);
            case "trackinginfo" -> new Reply.Map(List.of(Reply.Bulk.of("flags"), new Reply.Set(List.of(Reply.Bulk.of("off"))),
                    Reply.Bulk.of("redirect"), new Reply.Integer(-1), Reply.Bulk.of("prefixes"), Reply.EMPTY_ARRAY));
            case "getredir" -> new Reply.Integer(-1);
            case "caching" -> Reply.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
            case "unblock" -> unblock(c);
            default -> HELP;
        };
    }

    /** ON answers OK; OFF and SKIP silence their own reply and every later one, or the next one (see {@link Session#replyTurn}). */
    private static Reply reply(Invocation c) {
        if (c.is(2, "on")) c.session().repliesOn();
        else if (c.is(2, "off")) c.session().repliesOff();
        else if (c.is(2, "skip")) c.session().skipThisAndNextReply();
        else return Errors.SYNTAX;
        return Reply.OK;
    }

    private static Reply pause(Invocation c) {
        if (c.argc() > 4) return syntaxOf(c);
        boolean all = true;
        if (c.argc() == 4) {
            if (c.is(3, "write")) all = false;
            else if (!c.is(3, "all")) return Reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
        }
        long timeoutMs;
        try {
            timeoutMs = Arguments.parseLong(c.arg(2));
        } catch (Arguments.NotANumber e) {
            return Reply.error("ERR timeout is not an integer or out of range");
        }
        if (timeoutMs < 0) return Reply.error("ERR timeout is negative");
        long nowMs = System.currentTimeMillis();
        if (timeoutMs > Long.MAX_VALUE - nowMs) return Reply.error("ERR timeout is out of range");
        c.server().clients().pause().pause(nowMs + timeoutMs, all, nowMs);
        return Reply.OK;
    }

    private static Reply tracking(Invocation c) {
        if (c.argc() != 3) return Reply.error("ERR Larder has no client-side caching: CLIENT TRACKING takes only OFF");
        if (c.is(2, "off")) return Reply.OK;
        if (c.is(2, "on")) return Reply.error("ERR Larder has no client-side caching: CLIENT TRACKING ON is not supported");
        return Errors.SYNTAX;
    }

    /** No client is ever blocked here: 0, after Redis's checks of the arguments. */
    private static Reply unblock(Invocation c) {
        if (c.argc() > 4) return syntaxOf(c);
        if (c.argc() == 4 && !c.is(3, "timeout") && !c.is(3, "error")) {
            return Reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        }
        try {
            Arguments.parseLong(c.arg(2));
        } catch (Arguments.NotANumber e) {
            return Errors.NOT_INTEGER;
        }
        return new Reply.Integer(0);
    }

    private static Reply syntaxOf(Invocation c) {
        return Errors.format("ERR unknown subcommand or wrong number of arguments for '" + Arguments.cString(c.text(1), 128)
                + "'. Try CLIENT HELP.");
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
}
