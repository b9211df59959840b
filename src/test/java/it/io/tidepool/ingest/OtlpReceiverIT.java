package it.io.tidepool.ingest;

import static it.io.tidepool.ingest.OtlpClient.JSON;
import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static it.io.tidepool.ingest.OtlpClient.attribute;
import static it.io.tidepool.ingest.OtlpClient.post;
import static it.io.tidepool.ingest.OtlpClient.serverSpan;
import static it.io.tidepool.ingest.OtlpClient.traces;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import it.io.tidepool.ingest.OtlpClient.Answer;
import it.io.tidepool.support.Reply;

/**
 * The OTLP/HTTP receiver against the running server: both encodings, gzip, partial success, every
 * kind of bad input the issue names, and the mapping of metrics. Rows are read back right after
 * the 200: an acknowledgement means committed, so no polling.
 */
class OtlpReceiverIT {

    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static String service(String name) {
        return "it-otlp-" + name + "-" + RUN;
    }

    private static long count(String service) {
        return rows("SELECT count(*) AS n FROM otel_spans_local WHERE service_name = '" + service + "'")
                .getJsonObject(0).getJsonNumber("n").longValue();
    }

    @Test
    void protobufSpansAreStoredWhenAcknowledged() {
        String service = service("proto");
        Span.Builder span = serverSpan("POST /api/orders", 120).setParentSpanId(OtlpClient.id("0102030405060708"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attribute("http.request.method", "POST")).addAttributes(attribute("http.route", "/api/orders"))
                .addAttributes(attribute("http.response.status_code", 502)).addAttributes(attribute("peer.service", "db"));
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, traces(service, span).toByteArray());
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(PROTOBUF, answer.contentType());
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), answer.traceResponse(), "no partial success");
        JsonObject row = rows("SELECT * FROM otel_spans_local WHERE service_name = '" + service + "'").getJsonObject(0);
        assertEquals(HexFormat.of().formatHex(span.getTraceId().toByteArray()), row.getString("trace_id"));
        assertEquals(HexFormat.of().formatHex(span.getSpanId().toByteArray()), row.getString("span_id"));
        assertEquals("0102030405060708", row.getString("parent_span_id"));
        assertEquals("POST /api/orders", row.getString("span_name"));
        assertEquals("SERVER", row.getString("span_kind"));
        assertEquals(120_000_000L, row.getJsonNumber("duration_ns").longValue());
        assertTrue(row.getBoolean("is_error"));
        assertEquals("ERROR", row.getString("status_code"));
        assertEquals("POST", row.getString("http_method"));
        assertEquals("/api/orders", row.getString("http_route"));
        assertEquals(502, row.getInt("http_status"));
        assertEquals("db", row.getJsonObject("attributes").getString("peer.service"));
        assertEquals(service, row.getJsonObject("resource_attributes").getString("service.name"));
    }

    @Test
    void gzipBodiesAreAccepted() {
        String service = service("gzip");
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, "gzip",
                OtlpClient.gzip(traces(service, serverSpan("a", 1), serverSpan("b", 2)).toByteArray()));
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(2, count(service));
    }

    @Test
    void truncatedProtobufIsA400WithAStatus() {
        byte[] whole = traces(service("truncated"), serverSpan("a", 1)).toByteArray();
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, Arrays.copyOf(whole, whole.length - 5));
        assertEquals(400, answer.status(), answer::toString);
        assertEquals(PROTOBUF, answer.contentType());
        assertTrue(answer.rpcStatus().getMessage().startsWith("the body is not a valid OTLP traces request"), answer.rpcStatus()::getMessage);
        assertEquals(0, count(service("truncated")));
    }

    @Test
    void invalidJsonIsA400AnsweredInJson() {
        Answer answer = post(otlp("/v1/metrics"), JSON, null, "{\"resourceMetrics\": [{".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, answer.status(), answer::toString);
        assertEquals(JSON, answer.contentType());
        assertTrue(answer.text().startsWith("{\"code\":3,\"message\":\"the body is not a valid OTLP metrics request"), answer.text());
    }

    @Test
    void otherContentTypesAre415() {
        Answer answer = post(otlp("/v1/traces"), "text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, answer.status(), answer::toString);
        assertTrue(answer.rpcStatus().getMessage().contains("send application/x-protobuf or application/json"));
        assertEquals(415, post(otlp("/v1/traces"), PROTOBUF, "br", new byte[] {1}).status(), "unknown content encoding");
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIs415WithAStatusNotAnHtmlPage() {
        Answer answer = post(otlp("/v1/metrics"), "garbage", null, new byte[] {1});
        assertEquals(415, answer.status(), answer::toString);
        assertEquals(PROTOBUF, answer.contentType());
        assertEquals("Content-Type 'garbage' is not a media type; send application/x-protobuf or application/json",
                answer.rpcStatus().getMessage());
    }

    @Test
    void deeplyNestedJsonIsA400AnsweredInJson() {
        Answer answer = post(otlp("/v1/traces"), JSON, null, ("{\"resourceSpans\":" + "[".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.text().contains("the body nests arrays and objects deeper than 128 levels"), answer.text());
    }

    @Test
    void aGzipBombIsRefusedWith413AndNothingStored() {
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, "gzip", OtlpClient.gzip(new byte[64 * 1024 * 1024]));
        assertEquals(413, answer.status(), answer::toString);
        assertEquals("the decompressed request body is larger than the limit of 16777216 bytes", answer.rpcStatus().getMessage());
    }

    @Test
    void hugeAttributeValuesAreCutAndReportedAsAWarning() {
        String service = service("huge");
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, null,
                traces(service, serverSpan("big", 3).addAttributes(attribute("payload", "x".repeat(1_000_000)))).toByteArray());
        assertEquals(200, answer.status(), answer::toString);
        ExportTraceServiceResponse response = answer.traceResponse();
        assertEquals(0, response.getPartialSuccess().getRejectedSpans());
        assertEquals("1 attribute values were truncated", response.getPartialSuccess().getErrorMessage());
        assertEquals(4096, rows("SELECT length(attributes->>'payload') AS n FROM otel_spans_local WHERE service_name = '"
                + service + "'").getJsonObject(0).getInt("n"));
    }

    @Test
    void invalidIdsFromEveryAngleStoreNothing() {
        String service = service("ids");
        Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, traces(service,
                serverSpan("no trace id", 1).setTraceId(ByteString.EMPTY),
                serverSpan("zero span id", 1).setSpanId(ByteString.copyFrom(new byte[8])),
                serverSpan("no times", 1).setStartTimeUnixNano(0).setEndTimeUnixNano(0)).toByteArray());
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(3, answer.traceResponse().getPartialSuccess().getRejectedSpans());
        assertEquals(0, count(service));
    }

    @Test
    void theServerStaysHealthyAfterBadInput() {
        aGzipBombIsRefusedWith413AndNothingStored();
        truncatedProtobufIsA400WithAStatus();
        Reply ready = get(management("/health/ready"));
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("UP", get(management("/health/live")).json().getString("status"));
        String service = service("after");
        assertEquals(200, post(otlp("/v1/traces"), PROTOBUF, null, traces(service, serverSpan("ok", 1)).toByteArray()).status());
        assertEquals(1, count(service));
    }

    @Test
    void httpHistogramsOfBothConventionsAndSystemMetricsAreStored() throws Exception {
        String service = service("metrics");
        long now = System.currentTimeMillis() * 1_000_000L;
        HistogramDataPoint current = HistogramDataPoint.newBuilder().setStartTimeUnixNano(now - 10_000_000_000L).setTimeUnixNano(now)
                .setCount(3).setSum(0.3).addExplicitBounds(0.1).addExplicitBounds(0.5).addBucketCounts(1).addBucketCounts(2).addBucketCounts(0)
                .addAttributes(attribute("http.request.method", "GET")).addAttributes(attribute("http.route", "/new"))
                .addAttributes(attribute("http.response.status_code", 200)).build();
        HistogramDataPoint older = HistogramDataPoint.newBuilder().setStartTimeUnixNano(now - 10_000_000_000L).setTimeUnixNano(now)
                .setCount(1).setSum(250).addExplicitBounds(100).addBucketCounts(0).addBucketCounts(1)
                .addAttributes(attribute("http.method", "POST")).addAttributes(attribute("http.route", "/old"))
                .addAttributes(attribute("http.status_code", 500)).build();
        HistogramDataPoint broken = current.toBuilder().addBucketCounts(9).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)).addAttributes(attribute("host.name", service)))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("http.server.request.duration").setUnit("s").setHistogram(Histogram.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(current).addDataPoints(broken)))
                        .addMetrics(Metric.newBuilder().setName("http.server.duration").setUnit("ms").setHistogram(Histogram.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(older)))
                        .addMetrics(Metric.newBuilder().setName("system.cpu.utilization").setUnit("1").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(0.99))))
                        .addMetrics(Metric.newBuilder().setName("app.orders").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsInt(5)))))).build();
        Answer answer = post(otlp("/v1/metrics"), PROTOBUF, null, request.toByteArray());
        assertEquals(200, answer.status(), answer::toString);
        ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(answer.body());
        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        JsonArray red = rows("SELECT http_method, http_route, http_status_code, count, sum_ns, bucket_bounds_ns, bucket_counts "
                + "FROM beyla_http_metrics WHERE service_name = '" + service + "' ORDER BY http_route");
        assertEquals(2, red.size(), red::toString);
        JsonObject fresh = red.getJsonObject(0);
        assertEquals("GET", fresh.getString("http_method"));
        assertEquals(300_000_000L, fresh.getJsonNumber("sum_ns").longValue());
        assertEquals("[100000000,500000000]", fresh.getJsonArray("bucket_bounds_ns").toString());
        assertEquals("[1,2,0]", fresh.getJsonArray("bucket_counts").toString());
        JsonObject old = red.getJsonObject(1);
        assertEquals("POST", old.getString("http_method"));
        assertEquals(500, old.getInt("http_status_code"));
        assertEquals(250_000_000L, old.getJsonNumber("sum_ns").longValue());
        assertEquals("[100000000]", old.getJsonArray("bucket_bounds_ns").toString());
        JsonObject cpu = rows("SELECT value, unit FROM system_metrics_local WHERE attributes->>'host.name' = '" + service + "'").getJsonObject(0);
        assertEquals(0.99, cpu.getJsonNumber("value").doubleValue());
        JsonObject local = get(it.io.tidepool.support.TidepoolServer.sdk("/system/cpu")).json();
        assertNotEquals(99.0, local.getJsonNumber("usage_percent").doubleValue(), "/system/cpu answers with this host's own sample");
    }

    @AfterAll
    static void ingestMetricsArePublished() {
        String metrics = get(management("/metrics?scope=application")).body();
        for (String name : new String[] {"outcome=\"accepted\",signal=\"traces\"", "outcome=\"rejected\",signal=\"traces\"",
            "outcome=\"ignored\",signal=\"metrics\"", "signal=\"traces\",status=\"413\"", "tidepool_ingest_items_total",
            "tidepool_ingest_requests_total",
            "tidepool_ingest_queue_rows", "tidepool_ingest_commit_rows", "tidepool_ingest_commit_duration_seconds",
            "tidepool_ingest_freshness_lag_seconds", "tidepool_db_file_size_bytes", "tidepool_ingest_truncated_values_total"}) {
            assertTrue(metrics.contains(name), name + " in " + metrics);
        }
    }
}
