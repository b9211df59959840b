package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;

class OtlpDecoderTest {

    private static final String JSON = """
            {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
              "scopeSpans": [{"spans": [
                {"traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "eee19b7ec3c1b174", "parentSpanId": "",
                 "name": "GET /cart", "kind": 2, "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": 1700000000250000000,
                 "status": {"code": "STATUS_CODE_ERROR"}, "futureField": {"x": 1}},
                {"trace_id": "not-hex", "span_id": "eee19b7ec3c1b174", "name": "bad",
                 "start_time_unix_nano": "1", "end_time_unix_nano": "2"}]}]}]}""";

    @Test
    void jsonIdsAreHexAndUnknownFieldsAreIgnored() {
        ExportTraceServiceRequest request = OtlpDecoder.traces(JSON.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON);
        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals(OtlpFixtures.id(OtlpFixtures.TRACE_ID), span.getTraceId());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
        assertEquals(1_700_000_000_250_000_000L, span.getEndTimeUnixNano());
        Mapped mapped = SpanMapping.map(request, 4096);
        assertEquals(1, mapped.accepted());
        assertEquals(1, mapped.rejected(), "a non-hex id makes only its own span invalid");
        assertTrue(mapped.batch().spans().get(0).error());
    }

    @Test
    void protobufRoundTrips() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(OtlpFixtures.service("shop")).addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpFixtures.span()))).build();
        assertEquals(request, OtlpDecoder.traces(request.toByteArray(), OtlpEncoding.PROTOBUF));
    }

    @Test
    void truncatedProtobufIsABadRequest() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(OtlpFixtures.service("shop")).addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpFixtures.span()))).build();
        byte[] bytes = request.toByteArray();
        OtlpFailure failure = assertThrows(OtlpFailure.class,
                () -> OtlpDecoder.traces(Arrays.copyOf(bytes, bytes.length - 7), OtlpEncoding.PROTOBUF));
        assertEquals(400, failure.status());
        assertTrue(failure.getMessage().startsWith("the body is not a valid OTLP traces request in application/x-protobuf"),
                failure.getMessage());
    }

    @Test
    void invalidJsonIsABadRequestAnsweredInJson() {
        OtlpFailure failure = assertThrows(OtlpFailure.class,
                () -> OtlpDecoder.traces("{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON));
        assertEquals(400, failure.status());
        assertEquals(OtlpEncoding.JSON, failure.encoding());
    }

    @Test
    void contentTypesDecideTheEncoding() {
        assertEquals(OtlpEncoding.PROTOBUF, OtlpDecoder.encodingOf(Signal.TRACES, "application/x-protobuf"));
        assertEquals(OtlpEncoding.JSON, OtlpDecoder.encodingOf(Signal.TRACES, "Application/JSON; charset=utf-8"));
        OtlpFailure failure = assertThrows(OtlpFailure.class, () -> OtlpDecoder.encodingOf(Signal.METRICS, "text/plain"));
        assertEquals(415, failure.status());
        assertEquals(OtlpEncoding.PROTOBUF, failure.encoding(), "the answer to an unknown type is protobuf");
        assertEquals(415, assertThrows(OtlpFailure.class, () -> OtlpDecoder.encodingOf(Signal.TRACES, null)).status());
    }
}
