package io.tidepool.ingest.control;

import java.util.HexFormat;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/** Small builders for OTLP messages in unit tests. */
final class OtlpFixtures {

    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    static final String SPAN_ID = "eee19b7ec3c1b174";
    static final long START = 1_800_000_000_123_456_789L;

    private OtlpFixtures() {
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static Resource service(String name) {
        return Resource.newBuilder().addAttributes(attribute("service.name", name)).addAttributes(attribute("host.name", "h1")).build();
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static Span.Builder span() {
        return Span.newBuilder().setTraceId(id(TRACE_ID)).setSpanId(id(SPAN_ID)).setName("GET /cart")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(START).setEndTimeUnixNano(START + 250_000_000L);
    }
}
