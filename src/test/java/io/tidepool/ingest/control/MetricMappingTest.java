package io.tidepool.ingest.control;

import static io.tidepool.ingest.control.OtlpFixtures.START;
import static io.tidepool.ingest.control.OtlpFixtures.attribute;
import static io.tidepool.ingest.control.OtlpFixtures.service;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.SystemMetricRecord;

class MetricMappingTest {

    private static final long SECOND = 1_000_000_000L;

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(service("shop")).addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    private static HistogramDataPoint.Builder point(long start, long time, long[] buckets, double sum, double... bounds) {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time)
                .setSum(sum).addAttributes(attribute("http.route", "/cart"));
        long count = 0;
        for (long b : buckets) {
            point.addBucketCounts(b);
            count += b;
        }
        for (double bound : bounds) {
            point.addExplicitBounds(bound);
        }
        return point.setCount(count);
    }

    private static Metric histogram(String name, String unit, AggregationTemporality temporality, HistogramDataPoint.Builder... points) {
        Histogram.Builder histogram = Histogram.newBuilder().setAggregationTemporality(temporality);
        for (HistogramDataPoint.Builder point : points) {
            histogram.addDataPoints(point);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setHistogram(histogram).build();
    }

    @Test
    void currentHttpHistogramInSecondsBecomesNanoseconds() {
        HistogramDataPoint.Builder point = point(START, START + 10 * SECOND, new long[] {3, 1, 0}, 0.042, 0.005, 0.25)
                .addAttributes(attribute("http.request.method", "GET")).addAttributes(attribute("http.response.status_code", 200));
        Mapped mapped = new MetricMapping(4096, 0).map(request(histogram("http.server.request.duration", "s",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point)));
        HttpMetricRecord row = mapped.batch().httpMetrics().get(0);
        assertEquals(START + 10 * SECOND, row.timestampEpochNanos());
        assertEquals("shop", row.serviceName());
        assertEquals("GET", row.httpMethod());
        assertEquals("/cart", row.httpRoute());
        assertEquals(200, row.httpStatusCode());
        assertEquals(4, row.count());
        assertEquals(42_000_000L, row.sumNanos());
        assertArrayEquals(new long[] {5_000_000L, 250_000_000L}, row.bucketBoundsNanos());
        assertArrayEquals(new long[] {3, 1, 0}, row.bucketCounts());
    }

    @Test
    void olderHttpHistogramInMillisecondsWithOlderAttributeNames() {
        HistogramDataPoint.Builder point = point(START, START + SECOND, new long[] {1, 1}, 30, 10)
                .addAttributes(attribute("http.method", "POST")).addAttributes(attribute("http.status_code", 500));
        HttpMetricRecord row = new MetricMapping(4096, 0).map(request(histogram("http.server.duration", "ms",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point))).batch().httpMetrics().get(0);
        assertEquals("POST", row.httpMethod());
        assertEquals(500, row.httpStatusCode());
        assertEquals(30_000_000L, row.sumNanos());
        assertArrayEquals(new long[] {10_000_000L}, row.bucketBoundsNanos());
    }

    @Test
    void cumulativePointsBecomeIntervals() {
        MetricMapping mapping = new MetricMapping(4096, START - SECOND);
        Mapped first = mapping.map(request(histogram("http.server.request.duration", "s",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(START, START + 10 * SECOND, new long[] {2, 0}, 0.5, 1))));
        Mapped second = mapping.map(request(histogram("http.server.request.duration", "s",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(START, START + 20 * SECOND, new long[] {5, 1}, 3, 1))));
        assertEquals(2, first.batch().httpMetrics().get(0).count(), "a series that began after start-up keeps its first point");
        HttpMetricRecord delta = second.batch().httpMetrics().get(0);
        assertEquals(4, delta.count());
        assertArrayEquals(new long[] {3, 1}, delta.bucketCounts());
        assertEquals(2_500_000_000L, delta.sumNanos());
    }

    @Test
    void theFirstCumulativePointOfAnOlderSeriesIsOnlyRemembered() {
        MetricMapping mapping = new MetricMapping(4096, START + SECOND);
        Mapped first = mapping.map(request(histogram("http.server.request.duration", "s",
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, point(START, START + 10 * SECOND, new long[] {900, 0}, 9, 1))));
        assertTrue(first.batch().httpMetrics().isEmpty());
        assertEquals(1, first.accepted());
        assertEquals(0, first.rejected());
    }

    @Test
    void rejectsMalformedHistogramsAlone() {
        HistogramDataPoint.Builder good = point(START, START + SECOND, new long[] {1, 1}, 1, 1);
        HistogramDataPoint.Builder wrongBuckets = point(START, START + SECOND, new long[] {1, 1, 1}, 1, 1);
        HistogramDataPoint.Builder unsorted = point(START, START + SECOND, new long[] {1, 1, 1}, 1, 2, 1);
        HistogramDataPoint.Builder noTime = point(START, 0, new long[] {1, 1}, 1, 1);
        HistogramDataPoint.Builder badCount = point(START, START + SECOND, new long[] {1, 1}, 1, 1).setCount(7);
        Mapped mapped = new MetricMapping(4096, 0).map(request(histogram("http.server.request.duration", "s",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, good, wrongBuckets, unsorted, noTime, badCount),
                histogram("http.server.request.duration", "By", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, good)));
        assertEquals(1, mapped.batch().httpMetrics().size());
        assertEquals(5, mapped.rejected());
        assertTrue(mapped.message().contains("3 bucket counts for 1 bounds"), mapped.message());
        assertTrue(mapped.message().contains("unit 'By'"), mapped.message());
    }

    @Test
    void systemMetricsGoToTheHostTableAndOthersAreIgnored() {
        Metric cpu = Metric.newBuilder().setName("system.cpu.utilization").setUnit("1").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(START).setAsDouble(0.25)
                        .addAttributes(attribute("state", "user")))).build();
        Metric memory = Metric.newBuilder().setName("system.memory.usage").setUnit("By").setSum(Sum.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(START).setAsInt(1024))
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(START))).build();
        Metric other = Metric.newBuilder().setName("jvm.memory.used").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(START).setAsInt(1))).build();
        Mapped mapped = new MetricMapping(4096, 0).map(request(cpu, memory, other));
        List<SystemMetricRecord> rows = mapped.batch().systemMetrics();
        assertEquals(2, rows.size());
        assertEquals("system.cpu.utilization", rows.get(0).name());
        assertEquals(0.25, rows.get(0).value());
        assertEquals("{\"state\":\"user\",\"host.name\":\"h1\"}", rows.get(0).attributesJson());
        assertEquals(1024.0, rows.get(1).value());
        assertEquals("By", rows.get(1).unit());
        assertEquals(1, mapped.rejected(), "a point without a value");
        assertEquals(1, mapped.ignored());
    }
}
