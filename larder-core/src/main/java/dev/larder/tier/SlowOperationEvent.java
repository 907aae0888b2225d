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

    /** What {@link #start} returns while no recording enables the event. */
    static final long NOT_TIMED = Long.MIN_VALUE;

    /**
     * The start of an operation that may be slow: the clock is read only while a recording enables
     * the event (a put read the clock twice for it). JFR folds the check and the unused event away.
     */
    static long start() {
        return new SlowOperationEvent().isEnabled() ? System.nanoTime() : NOT_TIMED;
    }

    static void emitIfSlow(String operation, int keyBytes, long startNs, long thresholdNs) {
        if (startNs == NOT_TIMED) return;
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
