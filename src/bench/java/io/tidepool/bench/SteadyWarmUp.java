package io.tidepool.bench;

import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The benchmark's JIT warm-up rule (stated in docs/benchmarks.md): run the load in windows of
 * {@code window} seconds until two consecutive windows' p50 differ by less than {@code tolerance},
 * or until {@code max} seconds have passed. Liberty's and the client's JIT compile the hot request
 * path within the first thousands of requests; a fixed warm-up either wastes time on cheap
 * requests or measures compilation on slow ones.
 */
final class SteadyWarmUp {

    /** How long the warm-up took and whether the figures settled before the limit. */
    record Result(double seconds, boolean steady) {

        JsonObject json() {
            return Json.createObjectBuilder().add("seconds", seconds).add("steady", steady).build();
        }

        static String describe(JsonObject json) {
            return String.format(Locale.ROOT, "%.0f s%s", json.getJsonNumber("seconds").doubleValue(),
                    json.getBoolean("steady") ? "" : ", not steady");
        }
    }

    private SteadyWarmUp() {
    }

    static Result run(String label, int workers, BenchSettings settings, ClosedLoop.Request request) throws Exception {
        double previous = Double.NaN;
        double spent = 0;
        while (spent + settings.warmupWindow() <= settings.warmupMaxSeconds()) {
            double p50 = ClosedLoop.run(workers, 0, settings.warmupWindow(), request).p50Millis();
            spent += settings.warmupWindow();
            if (Math.abs(p50 - previous) / previous < settings.warmupTolerance()) {
                System.out.printf(Locale.ROOT, "warm-up %s, %d clients: steady after %.0f s (p50 %.2f ms)%n", label, workers, spent, p50);
                return new Result(spent, true);
            }
            previous = p50;
        }
        System.out.printf(Locale.ROOT, "warm-up %s, %d clients: not steady after %.0f s (p50 %.2f ms)%n", label, workers, spent, previous);
        return new Result(spent, false);
    }
}
