package io.tidepool.platform;

import java.time.Instant;

import jakarta.json.JsonObjectBuilder;

/** Object members whose value may be absent: written as JSON null rather than left out, so every answer has the same keys. */
public final class JsonFields {

    private JsonFields() {
    }

    public static JsonObjectBuilder text(JsonObjectBuilder json, String name, String value) {
        return value == null ? json.addNull(name) : json.add(name, value);
    }

    /** Doubles and floats as JSON numbers with a fraction, other numbers as integers. */
    public static JsonObjectBuilder number(JsonObjectBuilder json, String name, Number value) {
        if (value == null) {
            return json.addNull(name);
        }
        if (value instanceof Double || value instanceof Float) {
            return json.add(name, value.doubleValue());
        }
        return json.add(name, value.longValue());
    }

    /** ISO-8601 in UTC. */
    public static JsonObjectBuilder instant(JsonObjectBuilder json, String name, Instant value) {
        return text(json, name, value == null ? null : value.toString());
    }
}
