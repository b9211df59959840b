package io.tidepool.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidepool.ingest.control.MetricMapping;
import io.tidepool.ingest.control.SpanMapping;
import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.SpanRecord;

/** The demo's OTLP requests come back through the receiver's mapping as the rows it generated. */
class SyntheticOtlpTest {

    private static final long NOW = 1_800_000_000_000_000_000L;

    @Test
    void spansSurviveTheOtlpRoundTrip() {
        List<SpanRecord> generated = new SyntheticTelemetry(5).traces(200, NOW, 10_000_000_000L);
        Mapped mapped = SpanMapping.map(SyntheticOtlp.traces(generated), 4096);
        assertEquals(0, mapped.rejected());
        assertEquals(generated.size(), mapped.batch().spans().size());
        for (SpanRecord expected : generated) {
            SpanRecord actual = mapped.batch().spans().stream().filter(s -> s.spanId().equals(expected.spanId())).findFirst().orElseThrow();
            assertEquals(expected.traceId(), actual.traceId());
            assertEquals(expected.parentSpanId(), actual.parentSpanId());
            assertEquals(expected.serviceName(), actual.serviceName());
            assertEquals(expected.spanKind(), actual.spanKind());
            assertEquals(expected.startEpochNanos(), actual.startEpochNanos());
            assertEquals(expected.durationNanos(), actual.durationNanos());
            assertEquals(expected.error(), actual.error());
            assertEquals(expected.statusCode(), actual.statusCode());
            assertEquals(expected.httpMethod(), actual.httpMethod());
            assertEquals(expected.httpRoute(), actual.httpRoute());
            assertEquals(expected.httpStatus(), actual.httpStatus());
        }
    }

    @Test
    void redIntervalsSurviveTheOtlpRoundTripInNanoseconds() {
        SyntheticTelemetry telemetry = new SyntheticTelemetry(5);
        telemetry.traces(2_000, NOW, 10_000_000_000L);
        List<HttpMetricRecord> generated = telemetry.flushHttpMetrics(NOW);
        Mapped mapped = new MetricMapping(4096, 0).map(SyntheticOtlp.httpMetrics(generated, 10_000_000_000L));
        assertEquals(generated.size(), mapped.batch().httpMetrics().size());
        for (HttpMetricRecord expected : generated) {
            HttpMetricRecord actual = mapped.batch().httpMetrics().stream()
                    .filter(r -> r.httpRoute().equals(expected.httpRoute()) && r.httpStatusCode().equals(expected.httpStatusCode()))
                    .findFirst().orElseThrow();
            assertEquals(expected.serviceName(), actual.serviceName());
            assertEquals(expected.count(), actual.count());
            assertEquals(expected.sumNanos(), actual.sumNanos(), 1.0);
            assertArrayEquals(expected.bucketBoundsNanos(), actual.bucketBoundsNanos());
            assertArrayEquals(expected.bucketCounts(), actual.bucketCounts());
        }
    }
}
