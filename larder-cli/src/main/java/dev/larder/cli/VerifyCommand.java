package dev.larder.cli;

import dev.larder.store.VerifyResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code larder verify}: re-hash every stored content and read every catalog. Exit 1 on corruption. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-hash every stored content; report corruption (exit 1).")
final class VerifyCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Option(names = "--repair", description = {"Quarantine damaged contents: restores then report them missing, the next",
            "snapshot of a tree that has one stores it again, and gc drops the damaged records."})
    boolean repair;

    @Override
    public Integer call() throws Exception {
        VerifyResult r = options.open().verify(options.progress(), repair);
        Map<String, Object> f = StoreOptions.fields();
        f.put("blobs", r.blobs());
        f.put("bytes", r.bytes());
        f.put("ok", r.ok());
        f.put("corrupt", r.corrupt());
        if (repair) f.put("quarantined", r.quarantined());
        options.print(f);
        return r.ok() ? 0 : 1;
    }
}
