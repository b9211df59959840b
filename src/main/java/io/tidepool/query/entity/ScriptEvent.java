package io.tidepool.query.entity;

import java.util.Locale;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;

/** The body of {@code POST /emit}: {@code {"name": "...", "data": {...}, "severity": "info"}}. */
public record ScriptEvent(String name, String severity, JsonValue data) {

    public static final Set<String> SEVERITIES = Set.of("debug", "info", "warning", "error", "critical");
    static final int MAX_NAME_LENGTH = 256;

    /** An example of a valid body, for error messages. */
    public static final String EXAMPLE = "{\"name\": \"alert\", \"data\": {}}";

    public static ScriptEvent from(JsonObject object) {
        if (!(object.get("name") instanceof JsonString name) || name.getString().isBlank()) {
            throw ApiException.badRequest("missing_field", "field 'name' (a non-empty string) is required");
        }
        if (name.getString().length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("invalid_field", "field 'name' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String severity = "info";
        JsonValue given = object.get("severity");
        if (given != null && given != JsonValue.NULL) {
            if (!(given instanceof JsonString s) || !SEVERITIES.contains(s.getString().toLowerCase(Locale.ROOT))) {
                throw ApiException.badRequest("invalid_field", "field 'severity' must be one of " + new java.util.TreeSet<>(SEVERITIES));
            }
            severity = ((JsonString) given).getString().toLowerCase(Locale.ROOT);
        }
        JsonValue data = object.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT);
        return new ScriptEvent(name.getString(), severity, data);
    }
}
