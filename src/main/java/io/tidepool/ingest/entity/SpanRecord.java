package io.tidepool.ingest.entity;

/**
 * One row of {@code otel_spans_local}. Times are nanoseconds since the Unix epoch (OTLP's unit);
 * the table keeps microseconds. JSON columns hold JSON text produced by Tidepool.
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        String serviceName,
        String spanName,
        String spanKind,
        long startEpochNanos,
        long endEpochNanos,
        boolean error,
        String statusCode,
        String httpMethod,
        String httpRoute,
        Integer httpStatus,
        String attributesJson,
        String resourceAttributesJson) {

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }
}
