package io.tidepool.query.entity;

import java.time.Instant;

/** A request span found by {@code /traces/query}. */
public record TraceSummary(
        String traceId,
        String spanId,
        String parentSpanId,
        String serviceName,
        String spanName,
        Instant startTime,
        long durationNs,
        boolean error,
        String statusCode,
        Integer httpStatus,
        String httpMethod,
        String httpRoute) {
}
