package io.tidepool.ingest.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;
import io.tidepool.platform.JsonDepth;

/**
 * Turns a request body into the official OTLP request messages: protobuf with the generated
 * parser, JSON with protobuf's own JSON support after one OTLP-specific step. OTLP/JSON writes
 * trace and span ids as hex strings where the standard protobuf JSON mapping expects base64, so
 * those members (and only those) are re-encoded first; an id that is not hex becomes a one-byte id,
 * which the mapping then rejects as invalid for that span alone. Unknown fields are ignored, as
 * the specification requires of receivers.
 */
public final class OtlpDecoder {

    private static final Set<String> ID_MEMBERS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    private static final JsonFormat.Parser PROTOBUF_JSON = JsonFormat.parser().ignoringUnknownFields();
    private static final String INVALID_ID = Base64.getEncoder().encodeToString(new byte[] {0});

    private OtlpDecoder() {
    }

    /** The encoding a Content-Type names; 415 for anything else. */
    public static OtlpEncoding encodingOf(Signal signal, String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> OtlpEncoding.PROTOBUF;
            case "application/json" -> OtlpEncoding.JSON;
            default -> throw new OtlpFailure(signal, 415, null, "Content-Type '" + contentType
                    + "' is not supported; send application/x-protobuf or application/json", null);
        };
    }

    public static ExportTraceServiceRequest traces(byte[] body, OtlpEncoding encoding) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        decode(Signal.TRACES, body, encoding, request);
        return request.build();
    }

    public static ExportMetricsServiceRequest metrics(byte[] body, OtlpEncoding encoding) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        decode(Signal.METRICS, body, encoding, request);
        return request.build();
    }

    private static void decode(Signal signal, byte[] body, OtlpEncoding encoding, Message.Builder into) {
        try {
            if (encoding == OtlpEncoding.PROTOBUF) {
                into.mergeFrom(body);
            } else {
                if (JsonDepth.tooDeep(body)) {
                    throw OtlpFailure.badRequest(signal, encoding, JsonDepth.message());
                }
                PROTOBUF_JSON.merge(hexIdsAsBase64(body), into);
            }
        } catch (InvalidProtocolBufferException | JsonException | IllegalArgumentException e) {
            throw OtlpFailure.badRequest(signal, encoding, "the body is not a valid OTLP " + signal.label() + " request in "
                    + encoding.mediaType() + ": " + e.getMessage());
        }
    }

    static String hexIdsAsBase64(byte[] json) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(json))) {
            return rewrite(reader.readValue()).toString();
        }
    }

    private static JsonValue rewrite(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder copy = JSON.createObjectBuilder();
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                JsonValue v = member.getValue();
                if (ID_MEMBERS.contains(member.getKey()) && v instanceof JsonString hex) {
                    copy.add(member.getKey(), base64(hex.getString()));
                } else {
                    copy.add(member.getKey(), rewrite(v));
                }
            }
            return copy.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder copy = JSON.createArrayBuilder();
            for (JsonValue element : array) {
                copy.add(rewrite(element));
            }
            return copy.build();
        }
        return value;
    }

    private static String base64(String hex) {
        if (hex.isEmpty()) {
            return "";
        }
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return INVALID_ID;
        }
    }
}
