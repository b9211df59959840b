package it.io.tidepool.ingest;

import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP exporters (http/protobuf and http/json, gzip) send
 * spans and a cumulative histogram; everything is read back through the SDK API and every mapped
 * column checked. The Java SDK offers http/json only through its internal exporter builder, so
 * the JSON case switches the public builder's delegate to JSON.
 */
class SdkExportIT {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private static void asJson(Object publicBuilder) throws ReflectiveOperationException {
        Field delegate = publicBuilder.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        ((HttpExporterBuilder) delegate.get(publicBuilder)).exportAsJson();
    }

    private static void assertSuccess(CompletableResultCode result) {
        assertTrue(result.join(20, TimeUnit.SECONDS).isSuccess(), "the exporter reports success");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http/protobuf", "http/json"})
    void spansFromTheSdkKeepEveryMappedColumn(String protocol) throws Exception {
        String service = "it-sdk-" + protocol.replace('/', '-') + "-" + System.nanoTime();
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(otlp("/v1/traces").toString())
                .setCompression("gzip").setTimeout(Duration.ofSeconds(20));
        if (protocol.equals("http/json")) {
            asJson(builder);
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service,
                        AttributeKey.stringKey("deployment.environment.name"), "it"))))
                .addSpanProcessor(SimpleSpanProcessor.create(builder.build())).build();
        Tracer tracer = provider.get("it.sdk", "9.9");
        Instant start = Instant.now().minusMillis(300);
        Span server = tracer.spanBuilder("GET /items/{id}").setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                .setAttribute("http.request.method", "GET").setAttribute("http.route", "/items/{id}")
                .setAttribute(AttributeKey.longKey("http.response.status_code"), 500L).setAttribute("url.path", "/items/7").startSpan();
        Span client;
        try (Scope ignored = server.makeCurrent()) {
            client = tracer.spanBuilder("SELECT items").setSpanKind(SpanKind.CLIENT).setStartTimestamp(start.plusMillis(10))
                    .setAttribute("http.method", "POST").setAttribute(AttributeKey.longKey("http.status_code"), 201L)
                    .setAttribute(AttributeKey.booleanKey("cache.hit"), false).startSpan();
            client.end(start.plusMillis(110));
        }
        server.setStatus(StatusCode.ERROR, "boom");
        server.end(start.plusMillis(250));
        assertSuccess(provider.forceFlush());
        provider.close();

        JsonArray rows = rows("SELECT * FROM otel_spans_local WHERE service_name = '" + service + "' ORDER BY span_kind DESC");
        assertEquals(2, rows.size(), rows::toString);
        JsonObject s = rows.getJsonObject(0);
        assertEquals(server.getSpanContext().getTraceId(), s.getString("trace_id"));
        assertEquals(server.getSpanContext().getSpanId(), s.getString("span_id"));
        assertTrue(s.isNull("parent_span_id"));
        assertEquals("GET /items/{id}", s.getString("span_name"));
        assertEquals("SERVER", s.getString("span_kind"));
        assertEquals(start.truncatedTo(java.time.temporal.ChronoUnit.MICROS), Instant.parse(s.getString("start_time")));
        assertEquals(250_000_000L, s.getJsonNumber("duration_ns").longValue());
        assertTrue(s.getBoolean("is_error"));
        assertEquals("ERROR", s.getString("status_code"));
        assertEquals("GET", s.getString("http_method"));
        assertEquals("/items/{id}", s.getString("http_route"));
        assertEquals(500, s.getInt("http_status"));
        assertEquals("/items/7", s.getJsonObject("attributes").getString("url.path"));
        assertEquals("it.sdk", s.getJsonObject("attributes").getString("otel.scope.name"));
        assertEquals("java", s.getJsonObject("resource_attributes").getString("telemetry.sdk.language"));
        JsonObject c = rows.getJsonObject(1);
        assertEquals(server.getSpanContext().getTraceId(), c.getString("trace_id"));
        assertEquals(client.getSpanContext().getSpanId(), c.getString("span_id"));
        assertEquals(server.getSpanContext().getSpanId(), c.getString("parent_span_id"));
        assertEquals("CLIENT", c.getString("span_kind"));
        assertEquals(100_000_000L, c.getJsonNumber("duration_ns").longValue());
        assertEquals("UNSET", c.getString("status_code"));
        assertEquals("POST", c.getString("http_method"), "the older convention");
        assertEquals(201, c.getInt("http_status"));
        assertTrue(c.isNull("http_route"));
        assertEquals(false, c.getJsonObject("attributes").getBoolean("cache.hit"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http/protobuf", "http/json"})
    void aCumulativeHistogramFromTheSdkArrivesAsIntervals(String protocol) throws Exception {
        String service = "it-sdk-metric-" + protocol.replace('/', '-') + "-" + System.nanoTime();
        OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder().setEndpoint(otlp("/v1/metrics").toString());
        if (protocol.equals("http/json")) {
            asJson(builder);
        }
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service))))
                .registerMetricReader(PeriodicMetricReader.builder(builder.build()).setInterval(Duration.ofHours(1)).build()).build();
        DoubleHistogram duration = provider.get("it.sdk").histogramBuilder("http.server.request.duration").setUnit("s")
                .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0)).build();
        Attributes route = Attributes.builder().put("http.request.method", "GET").put("http.route", "/items")
                .put("http.response.status_code", 200L).build();
        duration.record(0.05, route);
        duration.record(0.2, route);
        duration.record(0.7, route);
        assertSuccess(provider.forceFlush());
        duration.record(2.5, route);
        assertSuccess(provider.forceFlush());
        provider.close();

        JsonArray rows = rows("SELECT http_method, http_route, http_status_code, count, sum_ns, bucket_bounds_ns, bucket_counts "
                + "FROM beyla_http_metrics WHERE service_name = '" + service + "' ORDER BY timestamp");
        assertTrue(rows.size() >= 2, rows::toString);
        JsonObject first = rows.getJsonObject(0);
        assertEquals("GET", first.getString("http_method"));
        assertEquals("/items", first.getString("http_route"));
        assertEquals(200, first.getInt("http_status_code"));
        assertEquals(3, first.getInt("count"));
        assertEquals(950_000_000L, first.getJsonNumber("sum_ns").longValue());
        assertEquals("[100000000,500000000,1000000000]", first.getJsonArray("bucket_bounds_ns").toString());
        assertEquals("[1,1,1,0]", first.getJsonArray("bucket_counts").toString());
        JsonObject second = rows.getJsonObject(1);
        assertEquals(1, second.getInt("count"), "the second export is the difference to the first");
        assertEquals(2_500_000_000L, second.getJsonNumber("sum_ns").longValue());
        assertEquals("[0,0,0,1]", second.getJsonArray("bucket_counts").toString());
        // Closing the provider may export a third, empty interval; nothing else may appear.
        for (int i = 2; i < rows.size(); i++) {
            assertEquals(0, rows.getJsonObject(i).getInt("count"), rows::toString);
        }
    }
}
