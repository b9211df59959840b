package io.tidepool.ingest.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.Base64;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * OTLP attribute values as JSON: strings, booleans, integers and doubles as themselves, bytes as
 * base64, arrays and key-value lists nested. String and bytes values longer than the limit are cut
 * to it (what the OpenTelemetry SDKs do with their attribute length limit), and counted, so one
 * huge value cannot bloat the table while the rest of the item is kept.
 */
final class AttributeJson {

    private final int maxValueLength;
    private long truncated;

    AttributeJson(int maxValueLength) {
        this.maxValueLength = maxValueLength;
    }

    long truncated() {
        return truncated;
    }

    /** A JSON object of the attributes, leaving out the keys in {@code skip}. */
    JsonObjectBuilder object(List<KeyValue> attributes, List<String> skip) {
        JsonObjectBuilder json = JSON.createObjectBuilder();
        for (KeyValue attribute : attributes) {
            if (!skip.contains(attribute.getKey())) {
                json.add(cut(attribute.getKey()), value(attribute.getValue()));
            }
        }
        return json;
    }

    JsonValue value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> JSON.createValue(cut(value.getStringValue()));
            case BOOL_VALUE -> value.getBoolValue() ? JsonValue.TRUE : JsonValue.FALSE;
            case INT_VALUE -> JSON.createValue(value.getIntValue());
            case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? JSON.createValue(value.getDoubleValue())
                    : JSON.createValue(Double.toString(value.getDoubleValue()));
            case BYTES_VALUE -> JSON.createValue(cut(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray())));
            case ARRAY_VALUE -> {
                JsonArrayBuilder array = JSON.createArrayBuilder();
                value.getArrayValue().getValuesList().forEach(v -> array.add(value(v)));
                yield array.build();
            }
            case KVLIST_VALUE -> object(value.getKvlistValue().getValuesList(), List.of()).build();
            default -> JsonValue.NULL;
        };
    }

    /** A string attribute cut to the limit, or null when absent or not a string. */
    String cut(String text) {
        if (text == null || text.length() <= maxValueLength) {
            return text;
        }
        truncated++;
        int end = maxValueLength;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static AnyValue find(List<KeyValue> attributes, String key) {
        for (KeyValue attribute : attributes) {
            if (attribute.getKey().equals(key)) {
                return attribute.getValue();
            }
        }
        return null;
    }
}
