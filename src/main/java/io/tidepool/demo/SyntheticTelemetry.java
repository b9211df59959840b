package io.tidepool.demo;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;


import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.SpanRecord;

/**
 * Generates plausible telemetry: five services with their own routes, log-normal latencies with a
 * slow tail (1% of requests 5-20x slower), about 1% server errors (more on payments), some client
 * errors, child spans for database calls and per-route RED histograms. Deterministic for a given
 * seed. Host samples are not faked: the real host sampler writes them.
 */
public final class SyntheticTelemetry {

    /** OpenTelemetry's default explicit bucket bounds for HTTP server duration, in nanoseconds. */
    static final long[] BUCKET_BOUNDS_NANOS = {
        5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 75_000_000L, 100_000_000L, 250_000_000L,
        500_000_000L, 750_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 7_500_000_000L, 10_000_000_000L
    };

    record Route(String service, String method, String route, double medianMillis, double errorRate) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("payments", "POST", "/api/payments", 120, 0.02),
            new Route("payments", "GET", "/api/payments/{id}", 25, 0.005),
            new Route("checkout", "POST", "/api/checkout", 180, 0.01),
            new Route("checkout", "GET", "/api/cart", 30, 0.005),
            new Route("inventory", "GET", "/api/items/{sku}", 15, 0.005),
            new Route("inventory", "PUT", "/api/items/{sku}/reserve", 45, 0.01),
            new Route("users", "GET", "/api/users/{id}", 12, 0.003),
            new Route("users", "POST", "/api/login", 90, 0.008),
            new Route("shipping", "POST", "/api/shipments", 140, 0.012),
            new Route("shipping", "GET", "/api/shipments/{id}/track", 35, 0.006));

    private final Random random;
    private final HexFormat hex = HexFormat.of();
    private final Map<String, Histogram> histograms = new HashMap<>();

    public SyntheticTelemetry(long seed) {
        this.random = new Random(seed);
    }

    /** {@code requests} traces that ended in the {@code spreadNanos} before {@code endEpochNanos}. */
    public List<SpanRecord> traces(int requests, long endEpochNanos, long spreadNanos) {
        List<SpanRecord> spans = new ArrayList<>(requests * 3);
        for (int i = 0; i < requests; i++) {
            Route route = ROUTES.get(random.nextInt(ROUTES.size()));
            long duration = latencyNanos(route.medianMillis());
            // Requests end within the spread, never after endEpochNanos: nothing lies in the future.
            long end = endEpochNanos - (long) (random.nextDouble() * spreadNanos);
            addTrace(spans, route, end - duration, duration);
        }
        return spans;
    }

    private void addTrace(List<SpanRecord> spans, Route route, long start, long duration) {
        String traceId = id(16);
        String rootId = id(8);
        boolean serverError = random.nextDouble() < route.errorRate();
        int status = serverError ? (random.nextInt(4) == 0 ? 503 : 500)
                : random.nextDouble() < 0.02 ? (random.nextBoolean() ? 404 : 400)
                : route.method().equals("POST") ? 201 : 200;
        String resource = JSON.createObjectBuilder()
                .add("service.name", route.service())
                .add("host.name", "demo-host")
                .add("deployment.environment", "demo").build().toString();
        String attributes = JSON.createObjectBuilder()
                .add("http.request.method", route.method())
                .add("http.route", route.route())
                .add("http.response.status_code", status)
                .add("url.scheme", "http")
                .add("server.address", route.service()).build().toString();
        spans.add(new SpanRecord(traceId, rootId, null, route.service(), route.method() + " " + route.route(), "SERVER",
                start, start + duration, serverError, serverError ? "ERROR" : "UNSET", route.method(), route.route(),
                status, attributes, resource));
        histograms.computeIfAbsent(route.service() + ' ' + route.method() + ' ' + route.route() + ' ' + status,
                key -> new Histogram(route, status)).record(duration);

        int children = random.nextInt(3);
        long offset = duration / 10;
        for (int c = 0; c < children; c++) {
            // Children fit inside their parent: at most two, each 10-30% of it, after a 10% offset.
            long childDuration = Math.max(1_000L, (long) (duration * (0.1 + random.nextDouble() * 0.2)));
            boolean failed = serverError && c == children - 1;
            String childAttributes = JSON.createObjectBuilder()
                    .add("db.system", "postgresql")
                    .add("db.operation.name", c == 0 ? "SELECT" : "UPDATE").build().toString();
            spans.add(new SpanRecord(traceId, id(8), rootId, route.service(), c == 0 ? "SELECT" : "UPDATE", "CLIENT",
                    start + offset, start + offset + childDuration, failed, failed ? "ERROR" : "UNSET",
                    null, null, null, childAttributes, resource));
            offset += childDuration;
        }
    }

    /** Log-normal around the median (sigma 0.5), with 1% of requests 5-20x slower. */
    private long latencyNanos(double medianMillis) {
        double millis = medianMillis * Math.exp(0.5 * random.nextGaussian());
        if (random.nextDouble() < 0.01) {
            millis *= 5 + random.nextDouble() * 15;
        }
        return Math.max(200_000L, (long) (millis * 1_000_000));
    }

    /** RED rows for everything recorded since the last call, stamped with {@code intervalEndEpochNanos}. */
    public List<HttpMetricRecord> flushHttpMetrics(long intervalEndEpochNanos) {
        List<HttpMetricRecord> rows = new ArrayList<>(histograms.size());
        for (Histogram h : histograms.values()) {
            rows.add(new HttpMetricRecord(intervalEndEpochNanos, h.route.service(), h.route.method(), h.route.route(),
                    h.status, h.count, h.sumNanos, BUCKET_BOUNDS_NANOS.clone(), h.buckets.clone()));
        }
        histograms.clear();
        return rows;
    }

    private String id(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return hex.formatHex(raw);
    }

    private static final class Histogram {
        final Route route;
        final int status;
        final long[] buckets = new long[BUCKET_BOUNDS_NANOS.length + 1];
        long count;
        long sumNanos;

        Histogram(Route route, int status) {
            this.route = route;
            this.status = status;
        }

        void record(long nanos) {
            int bucket = 0;
            while (bucket < BUCKET_BOUNDS_NANOS.length && nanos > BUCKET_BOUNDS_NANOS[bucket]) {
                bucket++;
            }
            buckets[bucket]++;
            count++;
            sumNanos += nanos;
        }
    }
}
