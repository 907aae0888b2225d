package dev.larder.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code larder rm CATALOG}: remove a catalog and the names pointing at it. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a catalog (its contents go at the next gc).")
final class RmCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "CATALOG") String catalog;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> f = StoreOptions.fields();
        f.put("removed", options.open().remove(catalog).hex());
        options.print(f);
        return 0;
    }
}
