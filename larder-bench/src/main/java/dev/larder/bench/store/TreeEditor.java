package dev.larder.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Changes a share of a tree's files the way an upgrade does: new content, a slightly different
 * size (so no size-and-mtime check can miss it, even within one mtime tick). Which files change
 * in round {@code r} is a function of the tree's seed and {@code r}.
 */
public final class TreeEditor {
    /** Files changed per round: 1% of them, at least one. */
    static final int PERCENT = 1;

    private TreeEditor() {}

    /** The plan after round {@code round}'s edit; the chosen files differ in size and content. */
    public static TreePlan edit(TreePlan plan, int round) {
        SplittableRandom rng = new SplittableRandom(plan.shape().seed() * 31 + round);
        List<Integer> files = new ArrayList<>();
        for (int i = 0; i < plan.entries().size(); i++) if (!plan.entries().get(i).isSymlink()) files.add(i);
        int count = changedCount(files.size());
        List<PlannedEntry> entries = new ArrayList<>(plan.entries());
        for (int k = 0; k < count; k++) {
            // Partial Fisher-Yates: the first count positions become a sample without repeats.
            int j = k + rng.nextInt(files.size() - k);
            int index = files.set(j, files.get(k));
            files.set(k, index);
            PlannedEntry old = entries.get(index);
            entries.set(index, old.withContent(old.sizeBytes() + 1 + rng.nextInt(64), rng.nextLong()));
        }
        return new TreePlan(plan.shape(), entries);
    }

    static int changedCount(int files) {
        return files == 0 ? 0 : Math.max(1, files * PERCENT / 100);
    }

    /** Rewrites under {@code root} the files whose content differs between {@code before} and {@code after}. */
    public static List<PlannedEntry> apply(TreePlan before, TreePlan after, Path root) throws IOException {
        TreeWriter writer = new TreeWriter();
        List<PlannedEntry> changed = new ArrayList<>();
        for (int i = 0; i < after.entries().size(); i++) {
            PlannedEntry now = after.entries().get(i);
            if (now.equals(before.entries().get(i))) continue;
            writer.writeFile(now, root.resolve(now.path()));
            changed.add(now);
        }
        return changed;
    }
}
