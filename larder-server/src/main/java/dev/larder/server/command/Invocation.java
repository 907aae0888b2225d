package dev.larder.server.command;

import dev.larder.server.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;

/** One command call: its arguments, the calling session and the server around it. */
public record Invocation(byte[][] args, Session session, ServerContext server) {
    public byte[] arg(int i) {
        return args[i];
    }

    public int argc() {
        return args.length;
    }

    /** Argument {@code i} as text (ISO-8859-1, so every byte survives a round trip). */
    public String text(int i) {
        return new String(args[i], StandardCharsets.ISO_8859_1);
    }

    /** True if argument {@code i} equals {@code word}, ignoring ASCII case (as strcasecmp). */
    public boolean is(int i, String word) {
        return Arguments.equalsIgnoreCase(args[i], word);
    }

    public Keyspace keyspace() {
        return server.keyspace();
    }

    public int db() {
        return session.db();
    }
}
