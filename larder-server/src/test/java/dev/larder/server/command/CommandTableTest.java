package dev.larder.server.command;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

    /** The directory-warming hint names exactly the keys Redis's key specs find, for the commands it names. */
    @Test
    void keyStepsAgreeWithTheCommandsKeySpecs() {
        CommandCatalog catalog = CommandCatalog.load();
        List<String> hintedCommands = new ArrayList<>();
        for (String name : table.names()) {
            int step = CommandTable.keyStep(mixedCase(name).getBytes(ISO_8859_1));
            if (step == 0) continue;
            hintedCommands.add(name);
            List<byte[]> argv = new ArrayList<>();
            argv.add(name.getBytes(ISO_8859_1));
            for (int i = 1; i <= 6; i++) argv.add(("a" + i).getBytes(ISO_8859_1));
            List<String> specKeys = KeyFinder.find(catalog.resolve(argv).info(), argv).stream().map(k -> new String(k.key(), ISO_8859_1)).toList();
            List<String> hinted = new ArrayList<>();
            for (int i = 1; i < argv.size(); i += step) hinted.add(new String(argv.get(i), ISO_8859_1));
            assertThat(hinted).as(name).isEqualTo(specKeys);
        }
        assertThat(hintedCommands).containsExactlyInAnyOrder("mset", "msetnx", "mget", "del", "unlink", "exists", "touch");
        assertThat(CommandTable.keyStep("set".getBytes(ISO_8859_1))).isZero();
        assertThat(CommandTable.keyStep("del\0x".getBytes(ISO_8859_1))).as("not DEL, as lookup says").isZero();
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
