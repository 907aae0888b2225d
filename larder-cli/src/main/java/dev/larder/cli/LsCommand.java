package dev.larder.cli;

import dev.larder.store.CatalogInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code larder ls}: list the catalogs in a store, oldest first. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List catalogs: id, names, entries, bytes, time.")
final class LsCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() throws Exception {
        List<CatalogInfo> infos = options.open().list();
        if (!options.json) {
            for (CatalogInfo c : infos) {
                System.out.printf("%s  %8d entries  %14d bytes  %s  %s%n", c.id().hex(), c.entries(), c.bytes(), c.created(), String.join(",", c.names()));
            }
            return 0;
        }
        List<Object> rows = new ArrayList<>();
        for (CatalogInfo c : infos) {
            Map<String, Object> row = StoreOptions.fields();
            row.put("id", c.id().hex());
            row.put("names", c.names());
            row.put("entries", c.entries());
            row.put("bytes", c.bytes());
            row.put("created", c.created().toString());
            rows.add(row);
        }
        Map<String, Object> f = StoreOptions.fields();
        f.put("catalogs", rows);
        options.print(f);
        return 0;
    }
}
