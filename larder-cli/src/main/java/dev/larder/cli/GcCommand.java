package dev.larder.cli;

import dev.larder.store.GcResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code larder gc}: drop contents no catalog references. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Drop contents no catalog references and reclaim their space.")
final class GcCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() throws Exception {
        GcResult r = options.open().gc(options.progress());
        Map<String, Object> f = StoreOptions.fields();
        f.put("liveBlobs", r.liveBlobs());
        f.put("droppedBlobs", r.droppedBlobs());
        f.put("bytesBefore", r.bytesBefore());
        f.put("bytesAfter", r.bytesAfter());
        options.print(f);
        return 0;
    }
}
