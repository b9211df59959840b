package io.tidepool.mcp.control;

import java.time.Duration;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;

/**
 * A tool call's arguments as JSON, with the checks the HTTP API makes on its query parameters and the same
 * messages (the SDK has validated them against the tool's input schema already; these catch what a schema
 * cannot say, such as a duration's syntax).
 */
public record ToolArguments(JsonObject json) {

    private static final int MAX_NAME_LENGTH = 256;

    /** A string argument, or a number's text; null when absent. */
    public String text(String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        throw ApiException.badRequest("invalid_argument", "'" + name + "' must be a string");
    }

    public String required(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("missing_argument", "argument '" + name + "' is required");
        }
        if (value.length() > MAX_NAME_LENGTH && !name.equals("sql") && !name.equals("source")) {
            throw ApiException.badRequest("invalid_argument", "'" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }

    public Duration duration(String name, Duration defaultValue) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        if (value.strip().equals("0")) {
            return Duration.ZERO;
        }
        try {
            return HumanDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_argument", "'" + name + "': " + e.getMessage());
        }
    }

    /** A whole number from {@code min} to {@code max}; {@code defaultValue} when absent. */
    public int integer(String name, int defaultValue, int min, int max) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return defaultValue;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(min)) >= 0
                && n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) <= 0) {
            return n.intValue();
        }
        throw ApiException.badRequest("invalid_argument", "'" + name + "' must be a whole number from " + min + " to " + max
                + ", got " + value);
    }

    public double quantile(String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            throw ApiException.badRequest("missing_argument", "argument '" + name + "' is required: a quantile from 0 to 1, for example 0.99");
        }
        if (value instanceof JsonNumber n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
            return n.doubleValue();
        }
        throw ApiException.badRequest("invalid_argument", "'" + name + "' must be a number from 0 to 1 (for example 0.99), got " + value);
    }
}
