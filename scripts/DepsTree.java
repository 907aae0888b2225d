import dev.larder.bench.store.TreePlan;
import dev.larder.bench.store.TreeShape;
import dev.larder.bench.store.TreeWriter;
import java.nio.file.Path;

/**
 * Writes the "deps" tree of {@code larder bench store} (node_modules-shaped, same seed) into DIR,
 * for scripts that time one step on it. Run with the larder jar on the class path:
 * {@code java -cp larder.jar scripts/DepsTree.java DIR [FILES]} (default 30,000 files).
 */
public class DepsTree {
    public static void main(String[] args) throws Exception {
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        new TreeWriter().write(TreePlan.of(TreeShape.deps(files)), Path.of(args[0]));
    }
}
