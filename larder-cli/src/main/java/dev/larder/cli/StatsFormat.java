package dev.larder.cli;

import dev.larder.disk.DiskStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders {@link DiskStats} as an aligned table or one JSON object. */
final class StatsFormat {
    private StatsFormat() {}

    static String table(DiskStats stats, long openMs) {
        StringBuilder out = new StringBuilder();
        fields(stats, openMs).forEach((name, value) -> out.append(String.format(Locale.ROOT, "%-22s %s%n", name, value)));
        return out.toString();
    }

    static String json(DiskStats stats, long openMs) {
        return fields(stats, openMs).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}\n"));
    }

    private static Map<String, Object> fields(DiskStats s, long openMs) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("openMs", openMs);
        f.put("capacityBytes", s.capacityBytes());
        f.put("blockSizeBytes", s.blockSizeBytes());
        f.put("regionSizeBytes", s.regionSizeBytes());
        f.put("regions", s.regionCount());
        f.put("sealedRegions", s.sealedRegions());
        f.put("indexEntries", s.indexEntries());
        f.put("indexBytes", s.indexBytes());
        f.put("indexBytesPerEntry", String.format(Locale.ROOT, "%.1f", s.indexBytesPerEntry()));
        f.put("bufferBytes", s.bufferBytes());
        f.put("readOps", s.readOps());
        f.put("readBytes", s.readBytes());
        f.put("writeOps", s.writeOps());
        f.put("writeBytes", s.writeBytes());
        f.put("fsyncs", s.fsyncs());
        f.put("checksumFailures", s.checksumFailures());
        return f;
    }
}
