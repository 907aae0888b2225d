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
        f.put("indexBytesPerEntry", decimal(s.indexBytesPerEntry()));
        f.put("bufferBytes", s.bufferBytes());
        f.put("gets", s.gets());
        f.put("hits", s.hits());
        f.put("misses", s.misses());
        f.put("expired", s.expired());
        f.put("checksumFailures", s.checksumFailures());
        f.put("puts", s.puts());
        f.put("deletes", s.deletes());
        f.put("readOps", s.readOps());
        f.put("readBytes", s.readBytes());
        f.put("recordsRead", s.recordsRead());
        f.put("mergedReadRatio", decimal(s.mergedReadRatio()));
        f.put("writeOps", s.writeOps());
        f.put("writeBytes", s.writeBytes());
        f.put("fsyncs", s.fsyncs());
        f.put("batches", s.batches());
        f.put("averageBatchRecords", decimal(s.averageBatchRecords()));
        f.put("maxBatchRecords", s.maxBatchRecords());
        f.put("averageBatchBytes", decimal(s.averageBatchBytes()));
        f.put("evictedRegions", s.evictedRegions());
        f.put("evictedEntries", s.evictedEntries());
        f.put("reinsertedEntries", s.reinsertedEntries());
        latency(f, "put", s.putLatency());
        latency(f, "get", s.getLatency());
        latency(f, "flush", s.flushLatency());
        return f;
    }

    private static void latency(Map<String, Object> f, String name, DiskStats.Latency latency) {
        f.put(name + "Timed", latency.count()); // puts and gets are sampled: see DiskStats.Latency
        f.put(name + "P50Ns", latency.p50Ns());
        f.put(name + "P99Ns", latency.p99Ns());
        f.put(name + "MaxNs", latency.maxNs());
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
