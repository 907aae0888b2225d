package dev.larder.server.command;

/**
 * CLIENT PAUSE: until a deadline, connections hold their requests (all of them, or only batches
 * with a write command) instead of running them. As in Redis, a second pause keeps the later
 * deadline and the stricter mode; CLIENT UNPAUSE ends it. Thread-safe: changes take the lock,
 * and every batch reads the deadline, a volatile, without it.
 */
public final class ClientPause {
    private volatile long untilMs;
    private volatile boolean all;

    synchronized void pause(long untilMs, boolean all, long nowMs) {
        if (this.untilMs <= nowMs) this.all = false; // the last pause is over: its mode with it
        if (this.untilMs < untilMs) this.untilMs = untilMs;
        this.all |= all;
    }

    synchronized void unpause() {
        untilMs = 0;
        all = false;
    }

    /** Milliseconds a batch must still wait at {@code nowMs}: 0 if no pause holds it. */
    public long remainingMs(long nowMs, boolean batchWrites) {
        long until = untilMs;
        return until > nowMs && (all || batchWrites) ? until - nowMs : 0;
    }

    /** False if no CLIENT PAUSE was ever given or it was UNPAUSEd: then no clock need be read. */
    public boolean everSet() {
        return untilMs != 0;
    }

    /** True while some pause is in effect (then a connection checks whether it holds its batch). */
    public boolean active(long nowMs) {
        return untilMs > nowMs;
    }
}
