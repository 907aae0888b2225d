package dev.larder.bench.server;

/**
 * How many requests ({@code -n}) a measured run gets, from the rates a short calibration run saw.
 * A fixed count would take 0.1 s for GET with a 16-deep pipeline and over a minute for MSET of 4 KiB
 * values, so each workload is sized to run about {@code targetSeconds} against the faster server,
 * but at most {@code maxSeconds} against the slower one, which bounds the whole run's length.
 *
 * <p>Calibration: a run of {@code calibrationRequests}; if that lasted under
 * {@code calibrationSeconds} (a short run's rate is mostly connection setup and noise), a second
 * run sized to last about {@code calibrationSeconds}, whose rate is the one used.
 *
 * @param warmUpRequests requests per test in the warm-up before calibration: without it a JIT-compiled
 *     server is calibrated cold, and its request counts come out too small
 */
public record RequestSizing(long warmUpRequests, long calibrationRequests, double calibrationSeconds,
        double targetSeconds, double maxSeconds, long minRequests, long maxRequests) {

    /** Default run: >= 2.5 s per test on the faster server; about 5 minutes for the whole grid. */
    public static final RequestSizing FULL = new RequestSizing(200_000, 20_000, 1, 2.5, 8, 10_000, 5_000_000);
    /** {@code --quick}: a smoke run of about a minute; figures are noisier. */
    public static final RequestSizing QUICK = new RequestSizing(50_000, 10_000, 0.2, 0.3, 1, 5_000, 500_000);

    /** Requests for the second calibration run after a first one at {@code rps}; 0 if none is needed. */
    public long recalibrationRequests(double rps) {
        if (!(rps > 0) || calibrationRequests / rps >= calibrationSeconds) return 0;
        return clampAndRound(rps * calibrationSeconds);
    }

    /** Requests for a workload the servers ran at {@code rpsA} and {@code rpsB} ops/s in calibration. */
    public long requests(double rpsA, double rpsB) {
        double faster = Math.max(rpsA, rpsB);
        double slower = Math.min(rpsA, rpsB);
        if (!(slower > 0)) return minRequests; // NaN or 0: a server did not run; keep the run short
        return clampAndRound(Math.min(faster * targetSeconds, slower * maxSeconds));
    }

    /** Requests for one server alone (the larger-than-memory run measures each Larder by itself). */
    public long requests(double rps) {
        return requests(rps, rps);
    }

    private long clampAndRound(double requests) {
        long rounded = Math.round(requests / 1000) * 1000; // round counts read better in the report
        return Math.clamp(rounded, minRequests, maxRequests);
    }
}
