package dev.larder.bench.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured on one tree: its size and, per step, larder's figure followed by its peers'.
 * A {@link Comparison} pairs larder with one peer on one step; {@link Goal}s are the targets.
 */
public final class TreeReport {
    private final String name;
    private final TreePlan plan;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    /** Larder's figure against a peer's on the same step: {@code speedup} > 1 means larder was faster. */
    public record Comparison(String step, String peer, double speedup) {}

    /**
     * A target from the issue and whether this run met it.
     *
     * @param valueWithoutStartup the same figure with the CLI's start-up taken off larder's times
     */
    public record Goal(String what, double value, double valueWithoutStartup, double target, String unit) {
        public boolean met() {
            return value >= target;
        }
    }

    public TreeReport(String name, TreePlan plan) {
        this.name = name;
        this.plan = plan;
    }

    public Figure add(Figure figure) {
        figures.add(figure);
        return figure;
    }

    public void compare(Figure larder, Figure peer) {
        comparisons.add(new Comparison(larder.step(), peer.tool(), larder.speedupOver(peer)));
    }

    public void goal(String what, double value, double valueWithoutStartup, double target, String unit) {
        goals.add(new Goal(what, value, valueWithoutStartup, target, unit));
    }

    public String name() {
        return name;
    }

    public long files() {
        return plan.fileCount();
    }

    public long bytes() {
        return plan.totalBytes();
    }

    public long symlinks() {
        return plan.entries().size() - plan.fileCount();
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<Comparison> comparisons() {
        return List.copyOf(comparisons);
    }

    public List<Goal> goals() {
        return List.copyOf(goals);
    }
}
