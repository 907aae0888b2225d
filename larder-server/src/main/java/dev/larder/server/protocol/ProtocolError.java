package dev.larder.server.protocol;

/**
 * Input that is not RESP: the decoder emits this once and ignores the rest of the connection's
 * input. The server replies {@code -ERR <message>} and closes the connection, as Redis does.
 *
 * @param message Redis's own text, e.g. {@code Protocol error: invalid bulk length}
 */
public record ProtocolError(String message) {}
