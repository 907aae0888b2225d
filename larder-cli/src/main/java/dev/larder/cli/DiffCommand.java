package dev.larder.cli;

import dev.larder.store.DiffResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code larder diff CATALOG TARGET}: what a restore would change. Exit 0 same, 1 differs, 2 error, as diff(1). */
@Command(name = "diff", mixinStandardHelpOptions = true, exitCodeOnExecutionException = 2,
        description = {"Show what restoring CATALOG into TARGET would create, remove or replace.",
                "Exit codes, as diff(1): 0 the same, 1 different, 2 trouble (no such catalog, TARGET not a directory...).",
                "Names print on one line each: control characters and bytes that are not UTF-8 as \\xNN."})
final class DiffCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "CATALOG") String catalog;
    @Parameters(index = "1", paramLabel = "TARGET") Path target;

    @Option(names = "--link", description = "Compare with what restore --link leaves: linked files have no write bits.")
    boolean link;

    @Override
    public Integer call() throws Exception {
        DiffResult d = options.open().diff(catalog, target, link);
        if (options.json) {
            Map<String, Object> f = StoreOptions.fields();
            f.put("same", d.same());
            f.put("missing", d.missing());
            f.put("extra", d.extra());
            f.put("changed", d.changed());
            f.put("refused", d.refused());
            options.print(f);
        } else {
            d.missing().forEach(p -> System.out.println("+ " + p));
            d.extra().forEach(p -> System.out.println("- " + p));
            d.changed().forEach(p -> System.out.println("M " + p));
            d.refused().forEach(p -> System.out.println("! refused " + p));
        }
        return d.same() ? 0 : 1;
    }
}
