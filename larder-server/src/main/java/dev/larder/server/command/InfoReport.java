package dev.larder.server.command;

import dev.larder.cache.CacheStats;
import dev.larder.disk.DiskStats;
import dev.larder.server.keyspace.Keyspace;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** INFO's text: Redis's sections and field names where they apply, plus a {@code larder} section. */
final class InfoReport {
    private static final Set<String> DEFAULT = Set.of("server", "clients", "memory", "persistence", "stats", "keyspace", "larder");

    private InfoReport() {}

    static String render(Invocation c) {
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 1; i < c.argc(); i++) wanted.add(Arguments.lower(c.arg(i)));
        if (wanted.isEmpty() || wanted.remove("default") || wanted.remove("all") || wanted.remove("everything")) wanted.addAll(DEFAULT);
        StringBuilder out = new StringBuilder();
        ServerContext server = c.server();
        CacheStats store = server.keyspace().storeStats();
        for (String section : new String[] {"server", "clients", "memory", "persistence", "stats", "keyspace", "larder"}) {
            if (!wanted.contains(section)) continue;
            if (!out.isEmpty()) out.append("\r\n");
            out.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
            switch (section) {
                case "server" -> server(out, server);
                case "clients" -> field(out, "connected_clients", server.clients().connected())
                        .field(out, "maxclients", server.config().maxClients());
                case "memory" -> memory(out, store);
                case "persistence" -> persistence(out, server, store.disk());
                case "stats" -> stats(out, server);
                case "keyspace" -> keyspace(out, server.keyspace());
                default -> larder(out, server, store);
            }
        }
        return out.toString();
    }

    private static void server(StringBuilder out, ServerContext server) {
        field(out, "redis_version", ConnectionCommands.REDIS_VERSION)
                .field(out, "larder_version", InfoReport.class.getPackage().getImplementationVersion() == null
                        ? "dev" : InfoReport.class.getPackage().getImplementationVersion())
                .field(out, "redis_mode", "standalone")
                .field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
                .field(out, "arch_bits", 64)
                .field(out, "process_id", ProcessHandle.current().pid())
                .field(out, "tcp_port", server.config().value("port"))
                .field(out, "uptime_in_seconds", server.stats().uptimeSeconds())
                .field(out, "uptime_in_days", server.stats().uptimeSeconds() / 86400)
                .field(out, "java_version", Runtime.version().toString());
    }

    private static void memory(StringBuilder out, CacheStats store) {
        Runtime runtime = Runtime.getRuntime();
        long heapUsed = runtime.totalMemory() - runtime.freeMemory();
        field(out, "used_memory", heapUsed)
                .field(out, "used_memory_human", human(heapUsed))
                .field(out, "used_memory_rss", heapUsed)
                .field(out, "maxmemory", store.memory().memoryTierBudgetBytes())
                .field(out, "maxmemory_human", human(store.memory().memoryTierBudgetBytes()))
                .field(out, "maxmemory_policy", "allkeys-lfu")
                .field(out, "memory_tier_bytes", store.memory().memoryTierBytes())
                .field(out, "disk_index_bytes", store.memory().indexBytes())
                .field(out, "heap_max", runtime.maxMemory());
    }

    private static void persistence(StringBuilder out, ServerContext server, DiskStats disk) {
        field(out, "loading", 0)
                .field(out, "rdb_changes_since_last_save", server.keyspace().dirty() - server.stats().dirtyAtSave())
                .field(out, "rdb_bgsave_in_progress", server.saveInProgress() ? 1 : 0)
                .field(out, "rdb_last_save_time", server.stats().lastSaveMs() / 1000)
                .field(out, "rdb_last_bgsave_status", server.stats().lastSaveFailed() ? "err" : "ok")
                .field(out, "aof_enabled", 1)
                .field(out, "appendfsync", server.config().appendfsync().name().toLowerCase(Locale.ROOT))
                .field(out, "larder_fsyncs", disk.fsyncs());
    }

    private static void stats(StringBuilder out, ServerContext server) {
        ServerStats stats = server.stats();
        var keyspace = server.keyspace().stats();
        field(out, "total_connections_received", server.clients().totalConnections())
                .field(out, "total_commands_processed", stats.commands())
                .field(out, "rejected_connections", server.clients().rejectedConnections())
                .field(out, "expired_keys", keyspace.expired())
                .field(out, "evicted_keys", keyspace.lost())
                .field(out, "keyspace_hits", keyspace.hits())
                .field(out, "keyspace_misses", keyspace.misses())
                .field(out, "total_error_replies", stats.errorReplies())
                .field(out, "unexpected_error_replies", 0); // Redis's count of errors in replication and AOF loading: none here
    }

    private static void keyspace(StringBuilder out, Keyspace keyspace) {
        for (int db = 0; db < Keyspace.DATABASES; db++) {
            int keys = keyspace.size(db);
            if (keys > 0) out.append("db").append(db).append(":keys=").append(keys)
                    .append(",expires=").append(keyspace.expiringKeys(db)).append(",avg_ttl=0\r\n");
        }
    }

    private static void larder(StringBuilder out, ServerContext server, CacheStats store) {
        DiskStats disk = store.disk();
        field(out, "directory_value_hits", server.keyspace().stats().directoryHits())
                .field(out, "memory_tier_hits", store.memoryHits())
                .field(out, "memory_tier_misses", store.memoryMisses())
                .field(out, "disk_tier_hits", store.diskHits())
                .field(out, "disk_tier_misses", store.diskMisses())
                .field(out, "disk_hits_not_promoted", store.promotionsSkipped())
                .field(out, "memory_tier_entries", store.memoryEntries())
                .field(out, "disk_capacity_bytes", disk.capacityBytes())
                .field(out, "disk_index_entries", disk.indexEntries())
                .field(out, "disk_write_bytes", disk.writeBytes())
                .field(out, "disk_read_bytes", disk.readBytes())
                .field(out, "disk_reads", disk.readOps())
                .field(out, "disk_records_read", disk.recordsRead())
                .field(out, "disk_batches", disk.batches())
                .field(out, "disk_batch_records_avg", disk.batches() == 0 ? "0" : String.format(Locale.ROOT, "%.2f", (double) disk.batchRecords() / disk.batches()))
                .field(out, "disk_batch_records_max", disk.maxBatchRecords())
                .field(out, "disk_fsyncs", disk.fsyncs())
                .field(out, "write_barriers", server.stats().writeBarriers())
                .field(out, "disk_checksum_failures", disk.checksumFailures())
                .field(out, "disk_evicted_regions", disk.evictedRegions())
                .field(out, "streamed_values", server.keyspace().stats().streamed())
                .field(out, "key_directory_from_save", server.keyspace().directoryLoaded() ? 1 : 0)
                .field(out, "disk_get_p99_us", String.format(Locale.ROOT, "%.2f", disk.getLatency().p99Ns() / 1000.0));
    }

    /** Appends "name:value\r\n"; returns a sink for chaining. */
    private static Fields field(StringBuilder out, String name, Object value) {
        return Fields.INSTANCE.field(out, name, value);
    }

    private enum Fields {
        INSTANCE;

        Fields field(StringBuilder out, String name, Object value) {
            out.append(name).append(':').append(value).append("\r\n");
            return this;
        }
    }

    private static String human(long bytes) {
        if (bytes < 1024) return bytes + "B";
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
        if (bytes < 1 << 30) return String.format(Locale.ROOT, "%.2fM", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2fG", bytes / 1073741824.0);
    }
}
