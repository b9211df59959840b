package io.tidepool.query.entity;

import java.util.Locale;
import java.util.Map;

import io.tidepool.platform.ApiException;

/** The latency metrics {@code /metrics/percentile} knows, by the names scripts use. */
public enum LatencyMetric {
    /** Requests the service served: its SERVER spans. */
    REQUEST_DURATION,
    /** Every span the service recorded, whatever its kind. */
    SPAN_DURATION,
    /** The HTTP server duration histogram in beyla_http_metrics (an estimate from its buckets). */
    HTTP_HISTOGRAM;

    private static final Map<String, LatencyMetric> NAMES = Map.of(
            "duration", REQUEST_DURATION,
            "latency", REQUEST_DURATION,
            "request.duration", REQUEST_DURATION,
            "span.duration", SPAN_DURATION,
            "http.server.request.duration", HTTP_HISTOGRAM,
            "http.server.duration", HTTP_HISTOGRAM);

    public static LatencyMetric named(String name) {
        LatencyMetric metric = name == null ? REQUEST_DURATION : NAMES.get(name.strip().toLowerCase(Locale.ROOT));
        if (metric == null) {
            throw ApiException.badRequest("unknown_metric", "unknown metric '" + name + "'; known metrics: "
                    + String.join(", ", new java.util.TreeSet<>(NAMES.keySet())));
        }
        return metric;
    }
}
