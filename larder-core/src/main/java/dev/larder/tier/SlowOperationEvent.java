package dev.larder.tier;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A cache operation slower than the configured threshold (JFR; off unless a recording enables it). */
@Name("dev.larder.SlowOperation")
@Label("Slow Larder cache operation")
@Category({"Larder", "Cache"})
@Description("A hybrid cache operation that took longer than slowOperationThreshold")
final class SlowOperationEvent extends Event {
    @Label("Operation")
    String operation;

    @Label("Key bytes")
    int keyBytes;

    @Label("Elapsed")
    @Timespan(Timespan.NANOSECONDS)
    long elapsedNs;

    static void emitIfSlow(String operation, int keyBytes, long startNs, long thresholdNs) {
        long elapsedNs = System.nanoTime() - startNs;
        if (elapsedNs < thresholdNs) return;
        SlowOperationEvent event = new SlowOperationEvent();
        if (!event.isEnabled()) return;
        event.operation = operation;
        event.keyBytes = keyBytes;
        event.elapsedNs = elapsedNs;
        event.commit();
    }
}
