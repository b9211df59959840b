package io.tidepool.ingest.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.SystemMetricRecord;
import io.tidepool.ingest.entity.WriteBatch;

/**
 * OTLP metrics to rows: the HTTP server duration histogram (current name
 * {@code http.server.request.duration} in seconds, older {@code http.server.duration} in
 * milliseconds) to {@code beyla_http_metrics} with bounds and sums in nanoseconds, and
 * {@code system.*} gauges and sums to {@code system_metrics_local}. Other metrics are counted as
 * ignored: Tidepool has no table for them. {@code beyla_http_metrics} holds one row per interval,
 * so cumulative histograms (the OpenTelemetry SDKs' default) become deltas against the previous
 * point of the same series; the first point of a series that started before this receiver did is
 * only remembered, since its counts span an unknown stretch of history.
 */
public final class MetricMapping {

    static final List<String> HTTP_DURATIONS = List.of("http.server.request.duration", "http.server.duration");
    private static final int MAX_SERIES = 100_000;

    private final int maxValueLength;
    private final long startedEpochNanos;
    private final Map<String, HistogramDataPoint> lastCumulative = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HistogramDataPoint> eldest) {
            return size() > MAX_SERIES;
        }
    };

    public MetricMapping(int maxValueLength, long startedEpochNanos) {
        this.maxValueLength = maxValueLength;
        this.startedEpochNanos = startedEpochNanos;
    }

    public Mapped map(ExportMetricsServiceRequest request) {
        // A converter per request: its truncation count belongs to this request.
        AttributeJson attributes = new AttributeJson(maxValueLength);
        List<HttpMetricRecord> http = new ArrayList<>();
        List<SystemMetricRecord> system = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long[] counts = new long[3]; // rejected, ignored, remembered-only
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            List<KeyValue> resource = resourceMetrics.getResource().getAttributesList();
            String service = attributes.cut(SpanMapping.stringOr(AttributeJson.find(resource, "service.name"),
                    SpanMapping.UNKNOWN_SERVICE));
            String resourceKey = attributes.object(resource, List.of()).build().toString();
            AnyValue host = AttributeJson.find(resource, "host.name");
            for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    if (HTTP_DURATIONS.contains(metric.getName()) && metric.hasHistogram()) {
                        httpHistogram(metric, service, resourceKey, attributes, http, problems, counts);
                    } else if (metric.getName().startsWith("system.") && (metric.hasGauge() || metric.hasSum())) {
                        List<NumberDataPoint> points = metric.hasGauge() ? metric.getGauge().getDataPointsList()
                                : metric.getSum().getDataPointsList();
                        for (NumberDataPoint point : points) {
                            String problem = systemPoint(metric, point, host, attributes, system);
                            reject(problem, problems, counts);
                        }
                    } else {
                        counts[1] += points(metric);
                    }
                }
            }
        }
        if (counts[0] > problems.size()) {
            problems.add("and " + (counts[0] - problems.size()) + " more rejected data points");
        }
        long accepted = http.size() + system.size() + counts[2];
        return new Mapped(new WriteBatch(List.of(), http, system, List.of()), accepted, counts[0], counts[1],
                attributes.truncated(), problems);
    }

    private static void reject(String problem, List<String> problems, long[] counts) {
        if (problem != null) {
            counts[0]++;
            if (problems.size() < SpanMapping.MAX_PROBLEMS) {
                problems.add(problem);
            }
        }
    }

    private void httpHistogram(Metric metric, String service, String resourceKey, AttributeJson attributes,
            List<HttpMetricRecord> rows, List<String> problems, long[] counts) {
        AggregationTemporality temporality = metric.getHistogram().getAggregationTemporality();
        double factor = nanosPerUnit(metric);
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
            String problem = histogramProblem(metric, point, temporality, factor);
            if (problem != null) {
                reject(problem, problems, counts);
                continue;
            }
            HistogramDataPoint delta = point;
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                delta = delta(metric.getName() + '\n' + resourceKey + '\n'
                        + attributes.object(point.getAttributesList(), List.of()).build(), point);
                if (delta == null) {
                    counts[2]++;
                    continue;
                }
            }
            List<KeyValue> labels = point.getAttributesList();
            rows.add(new HttpMetricRecord(point.getTimeUnixNano(), service,
                    attributes.cut(SpanMapping.stringOr(firstOf(labels, "http.request.method", "http.method"), null)),
                    attributes.cut(SpanMapping.stringOr(firstOf(labels, "http.route"), null)),
                    SpanMapping.integerOr(firstOf(labels, "http.response.status_code", "http.status_code")),
                    delta.getCount(), Math.round(delta.getSum() * factor), bounds(point, factor), buckets(delta)));
        }
    }

    private static String histogramProblem(Metric metric, HistogramDataPoint point, AggregationTemporality temporality,
            double factor) {
        String which = metric.getName() + " data point";
        if (Double.isNaN(factor)) {
            return which + " has unit '" + metric.getUnit() + "'; expected s, ms, us or ns";
        }
        if (temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                && temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
            return which + " has no aggregation temporality";
        }
        if (point.getTimeUnixNano() <= 0) {
            return which + " has no timestamp";
        }
        int bounds = point.getExplicitBoundsCount();
        int buckets = point.getBucketCountsCount();
        if (!(buckets == bounds + 1 || (buckets == 0 && bounds == 0))) {
            return which + " has " + buckets + " bucket counts for " + bounds + " bounds";
        }
        for (int i = 0; i < bounds; i++) {
            double bound = point.getExplicitBounds(i);
            if (!Double.isFinite(bound) || (i > 0 && bound <= point.getExplicitBounds(i - 1))) {
                return which + " has bounds that are not finite and strictly increasing";
            }
        }
        long total = 0;
        for (long count : point.getBucketCountsList()) {
            if (count < 0) {
                return which + " has a negative bucket count";
            }
            total += count;
        }
        if (buckets > 0 && total != point.getCount()) {
            return which + " has count " + point.getCount() + " but its buckets hold " + total;
        }
        if (!Double.isFinite(point.getSum())) {
            return which + " has a sum that is not finite";
        }
        return null;
    }

    /** This point minus the previous point of its series, or null when there is no usable previous point yet. */
    private synchronized HistogramDataPoint delta(String series, HistogramDataPoint point) {
        HistogramDataPoint previous = lastCumulative.put(series, point);
        boolean sameRun = previous != null && previous.getStartTimeUnixNano() == point.getStartTimeUnixNano()
                && previous.getExplicitBoundsList().equals(point.getExplicitBoundsList())
                && previous.getCount() <= point.getCount() && previous.getTimeUnixNano() < point.getTimeUnixNano();
        if (sameRun) {
            HistogramDataPoint.Builder delta = point.toBuilder()
                    .setCount(point.getCount() - previous.getCount())
                    .setSum(point.getSum() - previous.getSum())
                    .clearBucketCounts();
            for (int i = 0; i < point.getBucketCountsCount(); i++) {
                delta.addBucketCounts(point.getBucketCounts(i) - previous.getBucketCounts(i));
            }
            return delta.build();
        }
        // A new series (or a reset): its counts run from its start time; keep them only if that
        // start lies within this receiver's lifetime, else they would pile history into one interval.
        return point.getStartTimeUnixNano() >= startedEpochNanos ? point : null;
    }

    private static String systemPoint(Metric metric, NumberDataPoint point, AnyValue host, AttributeJson attributes,
            List<SystemMetricRecord> rows) {
        if (point.getTimeUnixNano() <= 0) {
            return metric.getName() + " data point has no timestamp";
        }
        double value;
        if (point.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
            value = point.getAsDouble();
        } else if (point.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
            value = point.getAsInt();
        } else {
            return metric.getName() + " data point has no value";
        }
        var labels = attributes.object(point.getAttributesList(), List.of());
        if (host != null && AttributeJson.find(point.getAttributesList(), "host.name") == null) {
            labels.add("host.name", attributes.value(host));
        }
        rows.add(new SystemMetricRecord(point.getTimeUnixNano(), attributes.cut(metric.getName()), value,
                metric.getUnit().isEmpty() ? null : attributes.cut(metric.getUnit()), labels.build().toString()));
        return null;
    }

    /** Nanoseconds per unit of the histogram, NaN for a unit that is not a duration. */
    static double nanosPerUnit(Metric metric) {
        String unit = metric.getUnit().isEmpty() ? (metric.getName().equals("http.server.duration") ? "ms" : "s") : metric.getUnit();
        return switch (unit) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            case "us", "µs" -> 1e3;
            case "ns" -> 1;
            default -> Double.NaN;
        };
    }

    private static long[] bounds(HistogramDataPoint point, double factor) {
        long[] bounds = new long[point.getExplicitBoundsCount()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.round(point.getExplicitBounds(i) * factor);
        }
        return bounds;
    }

    private static long[] buckets(HistogramDataPoint point) {
        if (point.getBucketCountsCount() == 0) {
            return new long[] {point.getCount()};
        }
        return point.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static long points(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    private static AnyValue firstOf(List<KeyValue> attributes, String... keys) {
        for (String key : keys) {
            AnyValue value = AttributeJson.find(attributes, key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
