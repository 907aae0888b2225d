package dev.larder.cli;

import dev.larder.store.RestoreResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code larder restore CATALOG TARGET}: make TARGET equal to a catalog. Exit 1 if anything failed or was refused. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Make TARGET equal to CATALOG (id, unique id prefix or snapshot name); unchanged files are left alone.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "CATALOG") String catalog;
    @Parameters(index = "1", paramLabel = "TARGET") Path target;

    @Option(names = "--no-sync", description = "Skip the final fsync of written files and directories.")
    boolean noSync;

    @Option(names = "--link", description = {
            "Hardlink non-empty files to read-only copies kept in the store, for consumers that never write:",
            "near-instant restores and one copy on disk however many trees. Linked files lose their write bits.",
            "The packs are never linked; a copy found changed is rebuilt before it is linked again, and",
            "'larder verify' re-hashes every copy. Falls back to copying across filesystems."})
    boolean link;

    @Override
    public Integer call() throws Exception {
        RestoreResult r = options.open().restore(catalog, target, !noSync, link, options.progress());
        Map<String, Object> f = StoreOptions.fields();
        f.put("filesWritten", r.filesWritten());
        f.put("bytesWritten", r.bytesWritten());
        f.put("filesLinked", r.filesLinked());
        f.put("unchanged", r.unchanged());
        f.put("removed", r.removed());
        f.put("storeReads", r.storeReads());
        f.put("elapsedMs", r.elapsedMs());
        f.put("refused", r.refused());
        f.put("errors", r.errors());
        options.print(f);
        return r.errors().isEmpty() && r.refused().isEmpty() ? 0 : 1;
    }
}
