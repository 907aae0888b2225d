package dev.larder.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Test-only main: runs one {@link ContentStore} operation in a child JVM so a test can SIGKILL
 * it mid-way or race it against other processes (store locks are per process, so races need
 * processes, not threads).
 *
 * <p>Protocol on stdout: {@code ready} once the store is open, then it waits for a {@code go}
 * line on stdin (a cross-process start barrier), prints {@code begin}, any {@code progress}
 * lines, and finally {@code done <summary>} (exit 0) or {@code error <message>} (exit 2).
 *
 * <pre>
 * snapshot STORE DIR [NAME] | restore STORE CATALOG TARGET | gc STORE | rm STORE CATALOG
 * </pre>
 */
final class StoreChild {
    private StoreChild() {}

    public static void main(String[] args) throws Exception {
        ContentStore store = ContentStore.open(Path.of(args[1]));
        System.out.println("ready");
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"go".equals(go)) {
            System.out.println("error parent sent " + go + " instead of go");
            System.exit(3);
        }
        System.out.println("begin " + args[0]);
        try {
            System.out.println("done " + run(store, args, p -> System.out.println("progress " + p.line())));
        } catch (Exception e) {
            System.out.println("error " + e);
            System.exit(2);
        }
    }

    private static String run(ContentStore store, String[] args, Consumer<Progress> progress) throws Exception {
        return switch (args[0]) {
            case "snapshot" -> store.snapshot(Path.of(args[2]), args.length > 3 ? args[3] : null, false, progress).catalogId().hex();
            case "restore" -> {
                RestoreResult r = store.restore(args[2], Path.of(args[3]), false, progress);
                if (!r.ok()) throw new IllegalStateException("restore errors: " + r.errors());
                yield "files " + r.filesWritten();
            }
            case "gc" -> store.gc().toString();
            case "rm" -> store.remove(args[2]).catalog().hex();
            default -> throw new IllegalArgumentException("unknown operation " + args[0]);
        };
    }
}
