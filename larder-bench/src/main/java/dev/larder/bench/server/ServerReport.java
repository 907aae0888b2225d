package dev.larder.bench.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run found: settings, the exact server command lines, sections, warnings. */
public final class ServerReport {
    /** One table of the report: throughput comparisons, or restart times. */
    public sealed interface Section permits ReportSection, RestartSection {
        String id();

        String title();
    }

    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, String> servers = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ServerReport setting(String name, Object value) {
        settings.put(name, value);
        return this;
    }

    /** Records how a server was started, so a reader can reproduce the run. */
    public ServerReport server(String name, List<String> command) {
        servers.put(name, String.join(" ", command.stream().map(ServerReport::shellQuoted).toList()));
        return this;
    }

    /** {@code arg} as a shell would need it: {@code --save ''} must not read as {@code --save}. */
    static String shellQuoted(String arg) {
        return arg.isEmpty() || !arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? "'" + arg.replace("'", "'\\''") + "'" : arg;
    }

    public ServerReport add(Section section) {
        sections.add(section);
        return this;
    }

    /** Something that makes a figure less trustworthy or leaves a gap (a failed run, a miss). */
    public ServerReport warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public Map<String, Object> settings() {
        return new LinkedHashMap<>(settings);
    }

    public Map<String, String> servers() {
        return new LinkedHashMap<>(servers);
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
