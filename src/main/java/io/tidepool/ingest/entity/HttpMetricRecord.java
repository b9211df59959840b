package io.tidepool.ingest.entity;

/**
 * One row of {@code beyla_http_metrics}: the RED figures of one route over one interval, with the
 * latency histogram as explicit upper bounds (ns) and one count per bucket (the last is +Inf).
 */
public record HttpMetricRecord(
        long timestampEpochNanos,
        String serviceName,
        String httpMethod,
        String httpRoute,
        Integer httpStatusCode,
        long count,
        long sumNanos,
        long[] bucketBoundsNanos,
        long[] bucketCounts) {

    public HttpMetricRecord {
        if (bucketCounts.length != bucketBoundsNanos.length + 1) {
            throw new IllegalArgumentException("a histogram needs one more bucket count than bounds, got "
                    + bucketCounts.length + " counts for " + bucketBoundsNanos.length + " bounds");
        }
    }
}
