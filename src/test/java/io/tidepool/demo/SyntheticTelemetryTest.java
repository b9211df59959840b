package io.tidepool.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.SpanRecord;

class SyntheticTelemetryTest {

    private static final long NOW = 1_800_000_000_000_000_000L;

    @Test
    void producesFiveServicesWithATailAndAboutOnePercentErrors() {
        SyntheticTelemetry telemetry = new SyntheticTelemetry(7);
        List<SpanRecord> spans = telemetry.traces(20_000, NOW, 60_000_000_000L);
        List<SpanRecord> requests = spans.stream().filter(s -> "SERVER".equals(s.spanKind())).toList();
        assertEquals(20_000, requests.size());
        assertEquals(Set.of("payments", "checkout", "inventory", "users", "shipping"),
                requests.stream().map(SpanRecord::serviceName).collect(Collectors.toSet()));
        double errorRate = requests.stream().filter(SpanRecord::error).count() / 20_000.0;
        assertTrue(errorRate > 0.005 && errorRate < 0.02, "error rate " + errorRate);
        long[] durations = requests.stream().mapToLong(SpanRecord::durationNanos).sorted().toArray();
        long p50 = durations[durations.length / 2];
        long p99 = durations[(int) (durations.length * 0.99)];
        assertTrue(p99 > 4 * p50, "a slow tail: p50 " + p50 + " ns, p99 " + p99 + " ns");
        assertTrue(spans.stream().allMatch(s -> s.endEpochNanos() <= NOW && s.endEpochNanos() > s.startEpochNanos()),
                "no span ends in the future or before it starts");
        assertTrue(requests.stream().allMatch(s -> s.endEpochNanos() >= NOW - 60_000_000_000L), "requests end inside the spread");
        assertTrue(requests.stream().allMatch(s -> s.httpStatus() != null && s.httpMethod() != null && s.httpRoute() != null));
        assertTrue(requests.stream().allMatch(s -> s.error() == (s.httpStatus() >= 500)));
    }

    @Test
    void redRowsCountEveryRequestOnceInTheirBuckets() {
        SyntheticTelemetry telemetry = new SyntheticTelemetry(7);
        long requests = telemetry.traces(5_000, NOW, 10_000_000_000L).stream().filter(s -> "SERVER".equals(s.spanKind())).count();
        List<HttpMetricRecord> red = telemetry.flushHttpMetrics(NOW);
        assertEquals(requests, red.stream().mapToLong(HttpMetricRecord::count).sum());
        for (HttpMetricRecord row : red) {
            assertEquals(row.count(), java.util.Arrays.stream(row.bucketCounts()).sum());
        }
        assertTrue(telemetry.flushHttpMetrics(NOW).isEmpty(), "a flush starts a new interval");
    }

    @Test
    void isDeterministicForASeed() {
        assertEquals(new SyntheticTelemetry(3).traces(50, NOW, 1_000_000_000L),
                new SyntheticTelemetry(3).traces(50, NOW, 1_000_000_000L));
    }
}
