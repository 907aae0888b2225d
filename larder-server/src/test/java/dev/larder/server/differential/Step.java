package dev.larder.server.differential;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** One thing a differential script does on both servers. */
sealed interface Step {

    /** One command: sent, its reply read and compared. */
    record Command(List<byte[]> args) implements Step {
        public Command {
            args = List.copyOf(args);
        }

        /** The command's name in upper case ("" for an empty command). */
        String name() {
            return args.isEmpty() ? "" : upper(args.getFirst());
        }

        /** The upper-cased argument at {@code index}, or "" when there is none. */
        String word(int index) {
            return index < args.size() ? upper(args.get(index)) : "";
        }

        @Override
        public String toString() {
            return CommandText.render(args);
        }

        private static String upper(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        }
    }

    /**
     * Bytes sent as they are (inline commands, malformed input); {@code replies} replies are read
     * and compared, then, if {@code closes}, both servers must hang up.
     */
    record Raw(byte[] bytes, int replies, boolean closes) implements Step {
        @Override
        public String toString() {
            return "RAW " + ReplyText.render(bytes);
        }
    }

    /** Commands sent in one write, their replies read afterwards. */
    record Pipeline(List<Command> commands) implements Step {
        public Pipeline {
            commands = List.copyOf(commands);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("PIPELINE of " + commands.size() + ":");
            for (int i = 0; i < commands.size(); i++) text.append("\n      [").append(i).append("] ").append(commands.get(i));
            return text.toString();
        }
    }
}
