package dev.larder.bench.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run of the disk benchmark found: machine notes, then sections in run order. */
public final class Report {
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public Report machine(String name, Object value) {
        machine.put(name, value);
        return this;
    }

    public Report setting(String name, Object value) {
        settings.put(name, value);
        return this;
    }

    public Report add(Section section) {
        sections.add(section);
        return this;
    }

    /** Something that makes a figure less trustworthy (eviction, misses, no preallocation). */
    public Report warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public Map<String, Object> machine() {
        return new LinkedHashMap<>(machine);
    }

    public Map<String, Object> settings() {
        return new LinkedHashMap<>(settings);
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
