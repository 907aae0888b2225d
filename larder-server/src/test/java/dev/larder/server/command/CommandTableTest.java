package dev.larder.server.command;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Command names are found from the request's bytes in any ASCII letter case, and nothing else is. */
class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    @Test
    void everyCommandIsFoundInAnyLetterCase() {
        assertThat(table.names()).hasSizeGreaterThan(50);
        for (String name : table.names()) {
            assertThat(table.lookup(name.getBytes(ISO_8859_1))).as(name).isNotNull();
            assertThat(table.lookup(name.toUpperCase(Locale.ROOT).getBytes(ISO_8859_1))).as(name).isNotNull();
            assertThat(table.lookup(mixedCase(name).getBytes(ISO_8859_1))).as(name).isNotNull();
        }
    }

    @Test
    void nearMissesAreNotCommands() {
        for (String name : new String[] {"ge", "gett", "get ", "g\u00c9t", "get\0", "", "\u00ff\u00ff\u00ff"}) {
            assertThat(table.lookup(name.getBytes(ISO_8859_1))).as("'%s'", name).isNull();
        }
    }

    private static String mixedCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
