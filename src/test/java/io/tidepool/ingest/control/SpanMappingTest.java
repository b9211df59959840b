package io.tidepool.ingest.control;

import static io.tidepool.ingest.control.OtlpFixtures.START;
import static io.tidepool.ingest.control.OtlpFixtures.attribute;
import static io.tidepool.ingest.control.OtlpFixtures.id;
import static io.tidepool.ingest.control.OtlpFixtures.service;
import static io.tidepool.ingest.control.OtlpFixtures.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.SpanRecord;

class SpanMappingTest {

    private static Mapped map(Resource resource, Span... spans) {
        return SpanMapping.map(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource).addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.shop").setVersion("1.2"))
                        .addAllSpans(List.of(spans)))).build(), 64);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void mapsEveryColumnFromTheCurrentHttpConventions() {
        Span span = span().setParentSpanId(id("0102030405060708"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attribute("http.request.method", "POST"))
                .addAttributes(attribute("http.route", "/api/cart/{id}"))
                .addAttributes(attribute("http.response.status_code", 503))
                .addAttributes(attribute("url.scheme", "https")).build();
        Mapped mapped = map(service("shop"), span);
        assertEquals(1, mapped.accepted());
        assertEquals(0, mapped.rejected());
        SpanRecord row = mapped.batch().spans().get(0);
        assertEquals(OtlpFixtures.TRACE_ID, row.traceId());
        assertEquals(OtlpFixtures.SPAN_ID, row.spanId());
        assertEquals("0102030405060708", row.parentSpanId());
        assertEquals("shop", row.serviceName());
        assertEquals("GET /cart", row.spanName());
        assertEquals("SERVER", row.spanKind());
        assertEquals(START, row.startEpochNanos());
        assertEquals(250_000_000L, row.durationNanos());
        assertTrue(row.error());
        assertEquals("ERROR", row.statusCode());
        assertEquals("POST", row.httpMethod());
        assertEquals("/api/cart/{id}", row.httpRoute());
        assertEquals(503, row.httpStatus());
        JsonObject attributes = json(row.attributesJson());
        assertEquals("https", attributes.getString("url.scheme"));
        assertEquals("io.shop", attributes.getString("otel.scope.name"));
        assertEquals("1.2", attributes.getString("otel.scope.version"));
        assertFalse(attributes.containsKey("http.request.method"), "mapped keys leave the attributes");
        assertFalse(attributes.containsKey("http.route"));
        assertEquals("h1", json(row.resourceAttributesJson()).getString("host.name"));
    }

    @Test
    void readsTheOlderHttpConventionsAndKeepsTheOtherSpelling() {
        Span span = span().addAttributes(attribute("http.method", "GET")).addAttributes(attribute("http.status_code", "404"))
                .addAttributes(attribute("http.request.method", "PUT")).build();
        SpanRecord row = map(service("shop"), span).batch().spans().get(0);
        assertEquals("PUT", row.httpMethod(), "the current convention wins");
        assertEquals(404, row.httpStatus(), "a string status code is read as a number");
        assertEquals("GET", json(row.attributesJson()).getString("http.method"), "the unused spelling is kept");
        assertEquals("UNSET", row.statusCode());
        assertFalse(row.error());
        assertNull(row.httpRoute());
    }

    @Test
    void rejectsInvalidSpansAloneAndSaysWhy() {
        Mapped mapped = map(service("shop"),
                span().build(),
                span().setSpanId(ByteString.EMPTY).build(),
                span().setTraceId(id("00000000000000000000000000000000")).build(),
                span().setEndTimeUnixNano(START - 1).build(),
                span().setStartTimeUnixNano(0).build(),
                span().setParentSpanId(id("01")).build());
        assertEquals(1, mapped.accepted());
        assertEquals(5, mapped.rejected());
        assertEquals(1, mapped.batch().spans().size());
        String message = mapped.message();
        assertTrue(message.contains("invalid span id"), message);
        assertTrue(message.contains("invalid trace id"), message);
        assertTrue(message.contains("ends before it starts"), message);
        assertTrue(message.contains("no start or end time"), message);
        assertTrue(message.contains("invalid parent span id"), message);
    }

    @Test
    void cutsHugeValuesAndCountsThem() {
        Span span = span().setName("n".repeat(100)).addAttributes(attribute("big", "x".repeat(10_000))).build();
        Mapped mapped = map(service("shop"), span);
        SpanRecord row = mapped.batch().spans().get(0);
        assertEquals(64, row.spanName().length());
        assertEquals(64, json(row.attributesJson()).getString("big").length());
        assertEquals(2, mapped.truncated());
        assertTrue(mapped.message().contains("2 attribute values were truncated"), mapped.message());
    }

    @Test
    void aResourceWithoutServiceNameIsUnknownService() {
        SpanRecord row = map(Resource.getDefaultInstance(), span().setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED).build())
                .batch().spans().get(0);
        assertEquals("unknown_service", row.serviceName());
        assertEquals("INTERNAL", row.spanKind());
    }
}
