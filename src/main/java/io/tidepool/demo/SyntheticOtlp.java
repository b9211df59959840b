package io.tidepool.demo;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.StringReader;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.SpanRecord;

/**
 * Synthetic telemetry as an OpenTelemetry SDK would export it: spans grouped by service resource,
 * and the RED intervals as delta {@code http.server.request.duration} histograms in seconds, so the
 * demo goes through the same decode and mapping as real senders.
 */
final class SyntheticOtlp {

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("tidepool-demo").build();
    private static final HexFormat HEX = HexFormat.of();

    private SyntheticOtlp() {
    }

    static ExportTraceServiceRequest traces(List<SpanRecord> spans) {
        Map<String, ResourceSpans.Builder> byResource = new LinkedHashMap<>();
        for (SpanRecord span : spans) {
            ResourceSpans.Builder resource = byResource.computeIfAbsent(span.resourceAttributesJson(),
                    json -> ResourceSpans.newBuilder().setResource(resource(json)).addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE)));
            Span.Builder otlp = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(HEX.parseHex(span.traceId())))
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(span.spanId())))
                    .setName(span.spanName())
                    .setKind(Span.SpanKind.valueOf("SPAN_KIND_" + span.spanKind()))
                    .setStartTimeUnixNano(span.startEpochNanos())
                    .setEndTimeUnixNano(span.endEpochNanos())
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.valueOf("STATUS_CODE_" + span.statusCode())))
                    .addAllAttributes(attributes(span.attributesJson()));
            if (span.parentSpanId() != null) {
                otlp.setParentSpanId(ByteString.copyFrom(HEX.parseHex(span.parentSpanId())));
            }
            resource.getScopeSpansBuilder(0).addSpans(otlp);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byResource.values().forEach(request::addResourceSpans);
        return request.build();
    }

    static ExportMetricsServiceRequest httpMetrics(List<HttpMetricRecord> rows, long intervalNanos) {
        Map<String, Histogram.Builder> byService = new LinkedHashMap<>();
        for (HttpMetricRecord row : rows) {
            HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
                    .setStartTimeUnixNano(row.timestampEpochNanos() - intervalNanos)
                    .setTimeUnixNano(row.timestampEpochNanos())
                    .setCount(row.count())
                    .setSum(row.sumNanos() / 1e9)
                    .addAttributes(string("http.request.method", row.httpMethod()))
                    .addAttributes(string("http.route", row.httpRoute()))
                    .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                            .setValue(AnyValue.newBuilder().setIntValue(row.httpStatusCode())));
            for (long bound : row.bucketBoundsNanos()) {
                point.addExplicitBounds(bound / 1e9);
            }
            for (long count : row.bucketCounts()) {
                point.addBucketCounts(count);
            }
            byService.computeIfAbsent(row.serviceName(), s -> Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)).addDataPoints(point);
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        byService.forEach((service, histogram) -> request.addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(string("service.name", service))
                        .addAttributes(string("host.name", "demo-host")).addAttributes(string("deployment.environment", "demo")))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(SCOPE).addMetrics(Metric.newBuilder()
                        .setName("http.server.request.duration").setUnit("s")
                        .setDescription("Duration of HTTP server requests.").setHistogram(histogram)))));
        return request.build();
    }

    private static Resource resource(String json) {
        return Resource.newBuilder().addAllAttributes(attributes(json)).build();
    }

    private static List<KeyValue> attributes(String json) {
        JsonObject object;
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            object = reader.readObject();
        }
        return object.entrySet().stream().map(member -> KeyValue.newBuilder().setKey(member.getKey())
                .setValue(value(member.getValue())).build()).toList();
    }

    private static AnyValue value(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.isIntegral() ? AnyValue.newBuilder().setIntValue(number.longValue()).build()
                    : AnyValue.newBuilder().setDoubleValue(number.doubleValue()).build();
        }
        if (value instanceof JsonString string) {
            return AnyValue.newBuilder().setStringValue(string.getString()).build();
        }
        return AnyValue.newBuilder().setBoolValue(value == JsonValue.TRUE).build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
