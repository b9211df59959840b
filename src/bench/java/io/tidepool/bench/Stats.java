package io.tidepool.bench;

import java.util.Arrays;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Latency percentiles and throughput of one measured run. */
record Stats(long requests, double seconds, double p50Millis, double p95Millis, double p99Millis, long errors) {

    static Stats of(long[] latenciesNanos, int count, double seconds, long errors) {
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        return new Stats(count, seconds, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), errors);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    double throughput() {
        return requests / seconds;
    }

    /** The run whose median latency is the median of the runs: one representative, not a blend. */
    static Stats median(List<Stats> runs) {
        List<Stats> byP50 = runs.stream().sorted((a, b) -> Double.compare(a.p50Millis, b.p50Millis)).toList();
        Stats middle = byP50.get(byP50.size() / 2);
        double[] throughputs = runs.stream().mapToDouble(Stats::throughput).sorted().toArray();
        double medianThroughput = throughputs[throughputs.length / 2];
        return new Stats(Math.round(medianThroughput * middle.seconds), middle.seconds, middle.p50Millis,
                middle.p95Millis, middle.p99Millis, runs.stream().mapToLong(Stats::errors).sum());
    }

    /** As JSON; a run too short for any answer has no percentiles, written as null (JSON has no NaN). */
    JsonObject json() {
        return Json.createObjectBuilder().add("requests", requests).add("seconds", seconds).add("p50_ms", orNull(p50Millis))
                .add("p95_ms", orNull(p95Millis)).add("p99_ms", orNull(p99Millis)).add("errors", errors).build();
    }

    static Stats fromJson(JsonObject json) {
        return new Stats(json.getJsonNumber("requests").longValue(), json.getJsonNumber("seconds").doubleValue(),
                millis(json, "p50_ms"), millis(json, "p95_ms"), millis(json, "p99_ms"), json.getJsonNumber("errors").longValue());
    }

    private static JsonValue orNull(double value) {
        return Double.isNaN(value) ? JsonValue.NULL : Json.createValue(value);
    }

    private static double millis(JsonObject json, String name) {
        return json.isNull(name) ? Double.NaN : json.getJsonNumber(name).doubleValue();
    }
}
