package it.io.tidepool.generated;

import static it.io.tidepool.ingest.OtlpClient.gzip;
import static it.io.tidepool.support.TidepoolServer.otlp;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * OTLP/HTTP export requests as a broken or hostile sender might send them: valid requests with
 * values at the edges, the same truncated or with bytes changed, random bytes and random JSON, other
 * content types and encodings, broken gzip and gzip bombs (small on the wire, far over the limit
 * inflated). Valid ones are stored under the service {@code gen-otlp}.
 */
final class OtlpInputs implements Inputs {

    private static final int BOMB_BYTES = 24 * 1024 * 1024;

    private final Draw draw;
    private byte[] bomb;

    OtlpInputs(Draw draw) {
        this.draw = draw;
    }

    @Override
    public Generated request(int index) {
        boolean traces = draw.chance(0.6);
        String path = draw.chance(0.95) ? (traces ? "/v1/traces" : "/v1/metrics") : draw.pick("/v1/logs", "/v1/traces/", "/", "/v1");
        boolean json = draw.chance(0.35);
        Message valid = traces ? traces() : metrics();
        byte[] body = switch (draw.between(0, 9)) {
            case 0, 1 -> encode(valid, json);
            case 2, 3 -> damaged(encode(valid, json));
            case 4 -> draw.bytes(300);
            case 5 -> utf8(draw.value(4).toString());
            case 6 -> utf8(draw.truncated(new String(encode(valid, true), StandardCharsets.UTF_8)));
            case 7 -> new byte[0];
            case 8 -> utf8(new String(encode(valid, true), StandardCharsets.UTF_8).replace(draw.pick("\"SPAN_KIND_SERVER\"",
                    "\"traceId\"", "\"timeUnixNano\"", "\"asDouble\"", "\"name\""), draw.pick("99", "\"x\"", "null", "[]", "1e400", "-1")));
            default -> encode(valid, json);
        };
        String encoding = null;
        if (draw.chance(0.25)) {
            encoding = draw.pick("gzip", "gzip", "x-gzip", "identity", "br", "deflate", "GZIP", "gzip, br");
        }
        if (encoding != null && encoding.toLowerCase().contains("gzip")) {
            body = switch (draw.between(0, 9)) {
                case 0 -> bomb();
                case 1 -> truncated(gzip(body));
                case 2 -> body;
                default -> gzip(body);
            };
        }
        String type = draw.chance(0.85) ? (json ? "application/json" : "application/x-protobuf")
                : draw.pick("application/protobuf", "text/plain", "application/grpc", "", "application/json; charset=utf-8",
                        "application/x-www-form-urlencoded", "APPLICATION/X-PROTOBUF", "garbage");
        HttpRequest.Builder request = HttpRequest.newBuilder(otlp(path));
        if (!type.isEmpty()) {
            request.header("Content-Type", type);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        String method = draw.chance(0.97) ? "POST" : draw.pick("GET", "PUT", "DELETE");
        return Generated.of(index, request, method, method.equals("GET") || method.equals("DELETE") ? null : body,
                json && encoding == null);
    }

    private byte[] damaged(byte[] valid) {
        byte[] copy = valid.clone();
        switch (draw.between(0, 2)) {
            case 0 -> {
                return Arrays.copyOf(valid, draw.between(0, valid.length));
            }
            case 1 -> copy[draw.between(0, copy.length - 1)] ^= (byte) draw.between(1, 255);
            default -> {
                int at = draw.between(0, copy.length - 1);
                Arrays.fill(copy, at, Math.min(copy.length, at + draw.between(1, 16)), (byte) draw.between(0, 255));
            }
        }
        return copy;
    }

    private ExportTraceServiceRequest traces() {
        Span.Builder span = Span.newBuilder()
                .setTraceId(id(16)).setSpanId(id(8)).setName(draw.chance(0.8) ? "GET /gen" : draw.text())
                .setKind(draw.pick(Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CLIENT, Span.SpanKind.SPAN_KIND_INTERNAL))
                .setStatus(Status.newBuilder().setCode(draw.pick(Status.StatusCode.STATUS_CODE_OK, Status.StatusCode.STATUS_CODE_ERROR,
                        Status.StatusCode.STATUS_CODE_UNSET)));
        long now = System.currentTimeMillis() * 1_000_000L;
        // Never in the future: other tests of the shared server assert that no span starts after now.
        long start = draw.pick(now - 1_000_000_000L, now - 3_600_000_000_000L, now, 0L, 1L, now - draw.between(0, 1_000_000) * 1_000_000L);
        long end = draw.pick(start + 5_000_000L, start, start - 1, 0L, now);
        span.setStartTimeUnixNano(start).setEndTimeUnixNano(end);
        for (int n = draw.between(0, 3); n > 0; n--) {
            span.addAttributes(attribute());
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource())
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private ExportMetricsServiceRequest metrics() {
        long now = System.currentTimeMillis() * 1_000_000L;
        long time = draw.pick(now, 0L, 1L, now - 3_600_000_000_000L, now - draw.between(0, 1_000_000) * 1_000_000L);
        Metric.Builder metric = Metric.newBuilder().setUnit(draw.pick("s", "ms", "1", "By", "", draw.text()));
        if (draw.chance(0.5)) {
            metric.setName(draw.pick("system.cpu.utilization", "system.memory.usage", "gen.gauge", draw.text()))
                    .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time)
                            .setAsDouble(draw.anyDouble()).addAttributes(attribute())));
        } else {
            HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setTimeUnixNano(time)
                    .setStartTimeUnixNano(draw.pick(time - 1_000_000_000L, 0L, time, time + 1))
                    .setCount(draw.pick(3L, 0L, -1L, draw.anyLong())).setSum(draw.anyDouble());
            for (int n = draw.between(0, 4); n > 0; n--) {
                point.addExplicitBounds(draw.anyDouble());
            }
            for (int n = draw.between(0, 5); n > 0; n--) {
                point.addBucketCounts(draw.pick(1L, 0L, -1L, Long.MAX_VALUE, draw.anyLong()));
            }
            metric.setName(draw.pick("http.server.request.duration", "http.server.duration", "gen.histogram"))
                    .setHistogram(Histogram.newBuilder().setAggregationTemporality(draw.pick(
                            io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                            io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                            io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED))
                            .addDataPoints(point));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource())
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
    }

    private Resource resource() {
        Resource.Builder resource = Resource.newBuilder();
        if (draw.chance(0.9)) {
            resource.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("gen-otlp")));
        }
        if (draw.chance(0.3)) {
            resource.addAttributes(attribute());
        }
        return resource.build();
    }

    private KeyValue attribute() {
        AnyValue.Builder value = AnyValue.newBuilder();
        switch (draw.between(0, 5)) {
            case 0 -> value.setStringValue(draw.chance(0.1) ? "v".repeat(draw.between(1, 20_000)) : draw.text());
            case 1 -> value.setIntValue(draw.anyLong());
            case 2 -> value.setDoubleValue(draw.anyDouble());
            case 3 -> value.setBoolValue(draw.chance(0.5));
            case 4 -> value.setBytesValue(ByteString.copyFrom(draw.bytes(20)));
            default -> value.setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder()
                    .addValues(AnyValue.newBuilder().setStringValue(draw.text())));
        }
        String key = draw.pick("http.response.status_code", "http.status_code", "http.request.method", "http.route",
                "host.name", "service.name", draw.text());
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private ByteString id(int length) {
        int actual = draw.chance(0.9) ? length : draw.between(0, 20);
        return ByteString.copyFrom(draw.chance(0.05) ? new byte[actual] : draw.exactly(actual));
    }

    private byte[] encode(Message message, boolean json) {
        if (!json) {
            return message.toByteArray();
        }
        try {
            // OTLP/JSON writes trace and span ids as hex; the protobuf printer writes base64.
            return utf8(JsonFormat.printer().print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gzip stream cut short by 1 to 20 bytes. */
    private byte[] truncated(byte[] zipped) {
        return Arrays.copyOf(zipped, Math.max(0, zipped.length - draw.between(1, 20)));
    }

    private byte[] bomb() {
        if (bomb == null) {
            bomb = gzip(new byte[BOMB_BYTES]);
        }
        return bomb;
    }


    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
