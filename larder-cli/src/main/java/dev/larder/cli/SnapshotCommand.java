package dev.larder.cli;

import dev.larder.store.ContentStore;
import dev.larder.store.SnapshotResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code larder snapshot DIR}: store a directory tree and print its catalog id. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Store a directory tree (deduplicated, compressed) and print its catalog id.",
                "Exit codes: 0 the catalog has the whole tree (devices, fifos and sockets are never stored, "
                        + "and are listed); 1 it was written without the entries listed as skipped (unreadable, or gone "
                        + "before they were read) or with files that changed while being read, or the snapshot failed; "
                        + "2 bad arguments."})
final class SnapshotCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory to snapshot.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the snapshot; unchanged files since NAME's last snapshot are not re-read.")
    String name;

    @Option(names = "--rehash", description = "Re-read every file even if size, mtime and inode are unchanged.")
    boolean rehash;

    @Override
    public Integer call() throws Exception {
        if (name != null) ContentStore.checkName(name); // before the store is made or a file read
        ContentStore store = options.openOrCreate();
        SnapshotResult r = store.snapshot(dir, name, rehash, options.progress());
        Map<String, Object> f = StoreOptions.fields();
        f.put("catalog", r.catalogId().hex());
        if (name != null) f.put("name", name);
        f.put("files", r.files());
        f.put("directories", r.directories());
        f.put("symlinks", r.symlinks());
        f.put("bytes", r.bytes());
        f.put("newBytes", r.newBytes());
        f.put("storedBytes", r.storedBytes());
        f.put("reusedFiles", r.reusedFiles());
        f.put("dedupRatio", r.dedupRatio().isPresent() ? r.dedupRatio().getAsDouble() : null);
        f.put("elapsedMs", r.elapsedMs());
        f.put("changedWhileReading", r.changedWhileReading());
        f.put("skipped", r.skipped());
        f.put("specialFiles", r.specialFiles());
        f.put("warnings", r.warnings());
        options.print(f);
        r.warnings().forEach(w -> System.err.println("larder: warning: " + w));
        if (!r.skipped().isEmpty()) {
            System.err.println("larder: " + r.skipped().size() + " entr" + (r.skipped().size() == 1 ? "y" : "ies")
                    + " could not be stored (see 'skipped'): the snapshot is incomplete");
        }
        if (!r.changedWhileReading().isEmpty()) {
            System.err.println("larder: " + r.changedWhileReading().size() + " file(s) changed while being read; snapshot again for a consistent copy");
        }
        return r.complete() ? 0 : 1;
    }
}
