package io.tidepool.bench;

import java.util.Locale;

/**
 * The benchmark's JIT warm-up rule (stated in docs/benchmarks.md): run the load in windows of
 * {@code window} seconds until two consecutive windows' p50 differ by less than {@code tolerance},
 * or until {@code max} seconds have passed. Liberty's and the client's JIT compile the hot request
 * path within the first thousands of requests; a fixed warm-up either wastes time on cheap
 * requests or measures compilation on slow ones.
 */
final class SteadyWarmUp {

    private SteadyWarmUp() {
    }

    /** Returns the seconds it took; prints whether the figures settled. */
    static double run(String label, int workers, BenchSettings settings, ClosedLoop.Request request) throws Exception {
        double previous = Double.NaN;
        double spent = 0;
        while (spent + settings.warmupWindow() <= settings.warmupMaxSeconds()) {
            double p50 = ClosedLoop.run(workers, 0, settings.warmupWindow(), request).p50Millis();
            spent += settings.warmupWindow();
            if (Math.abs(p50 - previous) / previous < settings.warmupTolerance()) {
                System.out.printf(Locale.ROOT, "warm-up %s, %d clients: steady after %.0f s (p50 %.2f ms)%n", label, workers, spent, p50);
                return spent;
            }
            previous = p50;
        }
        System.out.printf(Locale.ROOT, "warm-up %s, %d clients: not steady after %.0f s (p50 %.2f ms)%n", label, workers, spent, previous);
        return spent;
    }
}
