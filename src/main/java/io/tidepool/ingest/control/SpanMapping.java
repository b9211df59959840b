package io.tidepool.ingest.control;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.json.JsonObjectBuilder;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.SpanRecord;
import io.tidepool.ingest.entity.WriteBatch;

/**
 * OTLP spans to rows of {@code otel_spans_local} (docs/ingest.md has the table). HTTP columns read
 * the current semantic conventions first and the older names second; the key a column was read
 * from is left out of {@code attributes}, every other attribute stays. A span without a valid
 * trace or span id, without timestamps, or ending before it starts is rejected alone.
 */
public final class SpanMapping {

    static final String UNKNOWN_SERVICE = "unknown_service";
    static final int MAX_PROBLEMS = 5;

    private static final HexFormat HEX = HexFormat.of();

    private SpanMapping() {
    }

    public static Mapped map(ExportTraceServiceRequest request, int maxValueLength) {
        AttributeJson json = new AttributeJson(maxValueLength);
        List<SpanRecord> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long rejected = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            List<KeyValue> resource = resourceSpans.getResource().getAttributesList();
            String service = json.cut(stringOr(AttributeJson.find(resource, "service.name"), UNKNOWN_SERVICE));
            String resourceJson = json.object(resource, List.of()).build().toString();
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    String problem = problem(span);
                    if (problem != null) {
                        rejected++;
                        if (problems.size() < MAX_PROBLEMS) {
                            problems.add(problem);
                        }
                        continue;
                    }
                    rows.add(row(span, scopeSpans, service, resourceJson, json));
                }
            }
        }
        if (rejected > problems.size()) {
            problems.add("and " + (rejected - problems.size()) + " more rejected spans");
        }
        return new Mapped(WriteBatch.ofSpans(rows), rows.size(), rejected, 0, json.truncated(), problems);
    }

    private static String problem(Span span) {
        String which = "span " + HEX.formatHex(span.getSpanId().toByteArray()) + " of trace "
                + HEX.formatHex(span.getTraceId().toByteArray());
        if (!validId(span.getTraceId().toByteArray(), 16)) {
            return "a span has an invalid trace id (need 16 bytes, not all zero): " + which;
        }
        if (!validId(span.getSpanId().toByteArray(), 8)) {
            return "a span has an invalid span id (need 8 bytes, not all zero): " + which;
        }
        if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            return "a span has an invalid parent span id (need 8 bytes or none): " + which;
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start <= 0 || end <= 0) {
            return "a span has no start or end time: " + which;
        }
        if (end < start) {
            return "a span ends before it starts: " + which;
        }
        return null;
    }

    private static boolean validId(byte[] id, int length) {
        if (id.length != length) {
            return false;
        }
        for (byte b : id) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static SpanRecord row(Span span, ScopeSpans scope, String service, String resourceJson, AttributeJson json) {
        List<KeyValue> attributes = span.getAttributesList();
        List<String> used = new ArrayList<>(3);
        String method = stringOr(firstOf(attributes, used, "http.request.method", "http.method"), null);
        String route = stringOr(firstOf(attributes, used, "http.route"), null);
        Integer status = integerOr(firstOf(attributes, used, "http.response.status_code", "http.status_code"));
        JsonObjectBuilder rest = json.object(attributes, used);
        if (!scope.getScope().getName().isEmpty()) {
            rest.add("otel.scope.name", json.cut(scope.getScope().getName()));
        }
        if (!scope.getScope().getVersion().isEmpty()) {
            rest.add("otel.scope.version", json.cut(scope.getScope().getVersion()));
        }
        Status.StatusCode code = span.getStatus().getCode();
        String parent = span.getParentSpanId().isEmpty() ? null : HEX.formatHex(span.getParentSpanId().toByteArray());
        return new SpanRecord(HEX.formatHex(span.getTraceId().toByteArray()), HEX.formatHex(span.getSpanId().toByteArray()),
                parent, service, json.cut(span.getName()), kind(span.getKind()), span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(), code == Status.StatusCode.STATUS_CODE_ERROR, statusCode(code),
                json.cut(method), json.cut(route), status, rest.build().toString(), resourceJson);
    }

    /** The first of {@code keys} present, noting which key it was. */
    private static AnyValue firstOf(List<KeyValue> attributes, List<String> used, String... keys) {
        for (String key : keys) {
            AnyValue value = AttributeJson.find(attributes, key);
            if (value != null) {
                used.add(key);
                return value;
            }
        }
        return null;
    }

    static String stringOr(AnyValue value, String fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            default -> fallback;
        };
    }

    static Integer integerOr(AnyValue value) {
        if (value == null) {
            return null;
        }
        if (value.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
            long number = value.getIntValue();
            return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE ? (int) number : null;
        }
        if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            try {
                return Integer.valueOf(value.getStringValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_PRODUCER -> "PRODUCER";
            case SPAN_KIND_CONSUMER -> "CONSUMER";
            // The protocol lets receivers read UNSPECIFIED (and unknown values) as INTERNAL.
            default -> "INTERNAL";
        };
    }

    private static String statusCode(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "OK";
            case STATUS_CODE_ERROR -> "ERROR";
            default -> "UNSET";
        };
    }
}
