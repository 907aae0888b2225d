package dev.larder.cli;

import dev.larder.store.RemoveResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code larder rm NAME|CATALOG}: remove a name (its catalog goes with the last name), or an unnamed catalog. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = {
        "Remove a snapshot name, or a catalog by id or prefix (its contents go at the next gc).",
        "A name's catalog is removed with it only when no other name refers to it; a catalog that names",
        "still refer to is refused (remove the names instead)."})
final class RmCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "NAME|CATALOG") String ref;

    @Override
    public Integer call() throws Exception {
        RemoveResult r = options.open().remove(ref);
        Map<String, Object> f = StoreOptions.fields();
        f.put("catalog", r.catalog().hex());
        f.put("catalogRemoved", r.catalogRemoved());
        f.put("namesRemoved", r.namesRemoved());
        f.put("namesLeft", r.namesLeft());
        options.print(f);
        return 0;
    }
}
