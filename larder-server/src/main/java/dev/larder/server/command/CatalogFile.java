package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The format of {@value #RESOURCE}, the COMMAND INFO / COMMAND DOCS replies captured verbatim from
 * redis-server (by {@code CommandCatalogCapture} in the tests, which says how to regenerate it):
 *
 * <pre>
 * file  = *( "#" comment LF ) *( entry LF )
 * entry = name SP info-resp2 SP info-resp3 SP docs-resp2 SP docs-resp3
 * </pre>
 *
 * <ul>
 *   <li>{@code name}: the command's lower-case full name; {@code container|sub} for a subcommand.
 *   <li>{@code info-*}: base64 (RFC 4648, padded) of the one element that {@code COMMAND INFO name}
 *       returns inside its one-element array, as sent in RESP2 and after {@code HELLO 3}.
 *   <li>{@code docs-*}: base64 of the value that {@code COMMAND DOCS name} maps the name to.
 * </ul>
 *
 * Text, one command a line, so a regeneration diff names the commands whose replies changed.
 */
final class CatalogFile {
    static final String RESOURCE = "command-catalog.txt";

    record Entry(String name, Reply.Raw info, Reply.Raw docs) {}

    private CatalogFile() {}

    static List<Entry> read(InputStream in) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            int lineNumber = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isEmpty() || line.startsWith("#")) continue;
                entries.add(parse(line, lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return entries;
    }

    static void write(List<Entry> entries, List<String> headerLines, Writer out) throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        for (String header : headerLines) out.write("# " + header + "\n");
        for (Entry e : entries) {
            out.write(e.name() + " " + base64.encodeToString(e.info().resp2()) + " " + base64.encodeToString(e.info().resp3())
                    + " " + base64.encodeToString(e.docs().resp2()) + " " + base64.encodeToString(e.docs().resp3()) + "\n");
        }
    }

    private static Entry parse(String line, int lineNumber) {
        String[] fields = line.split(" ");
        if (fields.length != 5) {
            throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": expected 5 fields, found "
                    + fields.length + "; regenerate it with CommandCatalogCapture");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        return new Entry(fields[0],
                new Reply.Raw(base64.decode(fields[1]), base64.decode(fields[2])),
                new Reply.Raw(base64.decode(fields[3]), base64.decode(fields[4])));
    }
}
