package dev.larder.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** One decoded request: the command name and its arguments, as sent (binary-safe). */
public record Request(byte[][] args) {
    public byte[] arg(int i) {
        return args[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request other && Arrays.deepEquals(args, other.args);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(args);
    }

    @Override
    public String toString() {
        return Arrays.stream(args).map(a -> new String(a, StandardCharsets.UTF_8)).collect(Collectors.joining(" ", "Request[", "]"));
    }
}
