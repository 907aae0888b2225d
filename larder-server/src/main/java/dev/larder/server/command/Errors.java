package dev.larder.server.command;

import dev.larder.server.protocol.Reply;

/** Redis 7's error replies, word for word: clients and tests match on these texts. */
public final class Errors {
    private Errors() {}

    public static final Reply SYNTAX = Reply.error("ERR syntax error");
    public static final Reply NOT_INTEGER = Reply.error("ERR value is not an integer or out of range");
    public static final Reply NOT_FLOAT = Reply.error("ERR value is not a valid float");
    public static final Reply NO_SUCH_KEY = Reply.error("ERR no such key");
    public static final Reply DB_OUT_OF_RANGE = Reply.error("ERR DB index is out of range");
    public static final Reply NOAUTH = Reply.error("NOAUTH Authentication required.");
    public static final Reply WRONGPASS = Reply.error("WRONGPASS invalid username-password pair or user is disabled.");
    public static final Reply TOO_BIG = Reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    public static final Reply SAME_OBJECT = Reply.error("ERR source and destination objects are the same");

    public static Reply wrongArity(String fullName) {
        return Reply.error("ERR wrong number of arguments for '" + fullName + "' command");
    }

    public static Reply invalidExpireTime(String fullName) {
        return Reply.error("ERR invalid expire time in '" + fullName + "' command");
    }

    /** As Redis's addReplyErrorFormat: CR and LF in the text become spaces. */
    public static Reply format(String text) {
        return Reply.error(text.replace('\r', ' ').replace('\n', ' '));
    }

    public static Reply unknownSubcommand(String subcommand, String container) {
        return format("ERR unknown subcommand '" + Arguments.cString(subcommand, 128) + "'. Try " + container + " HELP.");
    }
}
