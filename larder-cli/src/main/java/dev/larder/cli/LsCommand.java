package dev.larder.cli;

import dev.larder.store.CatalogInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code larder ls}: list the catalogs in a store, oldest first. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List catalogs: id, names, entries, bytes, time; a catalog that cannot be read is marked DAMAGED.")
final class LsCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() throws Exception {
        List<CatalogInfo> infos = options.open().list();
        if (!options.json) {
            for (CatalogInfo c : infos) {
                String size = c.damaged() ? "DAMAGED (" + c.damage() + ")" : String.format("%8d entries  %14d bytes", c.entries(), c.bytes());
                System.out.printf("%s  %s  %s  %s%n", c.id().hex(), size, c.created(), String.join(",", c.names()));
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
            row.put("damaged", c.damage());
            rows.add(row);
        }
        Map<String, Object> f = StoreOptions.fields();
        f.put("catalogs", rows);
        options.print(f);
        return 0;
    }
}
