package dev.larder.server.command;

import dev.larder.server.protocol.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The commands Larder serves, described exactly as redis-server 7.0.15 describes them, and the
 * {@code COMMAND} family answered from that description. Immutable; loaded once from
 * {@value CatalogFile#RESOURCE}, whose INFO and DOCS replies are replayed byte for byte.
 *
 * <p>Like Redis: COUNT counts top-level commands only; INFO and DOCS also accept a subcommand's
 * full name ({@code client|list}); LIST and its FILTERBY name subcommands too. Where Redis's order is
 * its hash table's (and so varies from run to run) ours is by name, a container followed by its
 * subcommands. A container's captured INFO and DOCS list its subcommands in the capture run's order.
 */
public final class CommandCatalog {
    /** A catalogued command: its parsed COMMAND INFO fields and the captured replies. */
    record Entry(CommandInfo info, Reply.Raw infoReply, Reply.Raw docsReply) {
        String name() {
            return info.name();
        }

        boolean isSubcommand() {
            return name().indexOf('|') >= 0;
        }

        /** The name of the top-level command: this one's, or its container's. */
        String topLevelName() {
            int bar = name().indexOf('|');
            return bar < 0 ? name() : name().substring(0, bar);
        }
    }

    private static final Comparator<Entry> CONTAINER_THEN_SUBCOMMANDS =
            Comparator.comparing(Entry::topLevelName).thenComparing(Entry::isSubcommand).thenComparing(Entry::name);

    private final Map<String, Entry> byName;
    private final Set<String> containers;
    private final List<Entry> topLevel;
    private final List<Entry> listOrder;
    private final List<String> names;
    private final CommandFamily family;

    private CommandCatalog(List<Entry> entries) {
        Map<String, Entry> names = new HashMap<>();
        for (Entry entry : entries) names.put(entry.name(), entry);
        this.byName = Map.copyOf(names);
        this.containers = entries.stream().filter(Entry::isSubcommand).map(Entry::topLevelName).collect(Collectors.toUnmodifiableSet());
        this.topLevel = entries.stream().filter(e -> !e.isSubcommand()).sorted(CONTAINER_THEN_SUBCOMMANDS).toList();
        this.listOrder = entries.stream().sorted(CONTAINER_THEN_SUBCOMMANDS).toList();
        this.names = topLevel.stream().map(Entry::name).toList();
        this.family = new CommandFamily(this);
    }

    private static final class Loaded {
        static final CommandCatalog INSTANCE = read();
    }

    /** The catalog; the resource is read on the first call only. */
    public static CommandCatalog load() {
        return Loaded.INSTANCE;
    }

    /** True if {@code lowerName} is a top-level command in the catalog (subcommands are not). */
    public boolean contains(String lowerName) {
        Entry entry = byName.get(lowerName);
        return entry != null && !entry.isSubcommand();
    }

    /** The top-level command names, sorted. */
    public List<String> names() {
        return names;
    }

    /** The reply of {@code COMMAND} followed by these arguments, as redis-server 7.0.15 gives it. */
    public Reply command(List<byte[]> argsAfterCommand) {
        return family.answer(argsAfterCommand);
    }

    /** True if Redis flags the command {@code write} (what CLIENT PAUSE WRITE holds back). */
    public boolean writes(byte[] commandName) {
        Entry entry = byName.get(Arguments.lower(commandName));
        return entry != null && entry.info().hasFlag("write");
    }

    Entry entry(String lowerFullName) {
        return byName.get(lowerFullName);
    }

    List<Entry> topLevel() {
        return topLevel;
    }

    /** Every command and subcommand in COMMAND LIST order. */
    List<Entry> listOrder() {
        return listOrder;
    }

    /** Redis's {@code lookupCommand} for a full command line: the subcommand when the first word is a container. */
    Entry resolve(List<byte[]> commandLine) {
        Entry base = byName.get(asciiLowerCase(commandLine.get(0)));
        if (base == null || base.isSubcommand()) return null;
        if (commandLine.size() == 1 || !containers.contains(base.name())) return base;
        return byName.get(base.name() + "|" + asciiLowerCase(commandLine.get(1)));
    }

    /** Lower-cases A–Z only, as Redis's case-insensitive command table does; other bytes map one to one. */
    static String asciiLowerCase(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            chars[i] = (char) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        return new String(chars);
    }

    private static CommandCatalog read() {
        try (InputStream in = CommandCatalog.class.getResourceAsStream(CatalogFile.RESOURCE)) {
            if (in == null) throw new IllegalStateException(CatalogFile.RESOURCE + " is missing from the classpath");
            List<Entry> entries = new ArrayList<>();
            for (CatalogFile.Entry line : CatalogFile.read(in)) entries.add(checked(line));
            return new CommandCatalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CatalogFile.RESOURCE, e);
        }
    }

    private static Entry checked(CatalogFile.Entry line) {
        CommandInfo info = CommandInfo.parse(line.info().resp2());
        if (!info.name().equals(line.name())) {
            throw new IllegalStateException(CatalogFile.RESOURCE + ": entry " + line.name() + " holds the INFO of " + info.name());
        }
        if (!KeyFinder.supports(info)) {
            throw new IllegalStateException(line.name() + " has variable key flags but KeyFinder has no finder for it");
        }
        return new Entry(info, line.info(), line.docs());
    }
}
