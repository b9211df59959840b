package io.tidepool.scripts.entity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;

/**
 * The body of {@code POST /scripts} and {@code PUT /scripts/{name}}:
 * {@code {"name", "source", "description"?, "timeout"?, "schedule"?}}. {@code scheduleGiven} tells
 * an absent schedule (keep the current one on update) from an explicit null (remove it).
 */
public record ScriptDefinition(String name, String source, String description, Duration timeout, boolean scheduleGiven,
        Schedule schedule) {

    /** Letters, digits, dot, dash and underscore, starting with a letter or digit: safe in URLs, file names and metric tags. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final Set<String> FIELDS = Set.of("name", "source", "description", "timeout", "schedule");

    /** An example of a valid body, for error messages. */
    public static final String EXAMPLE = "{\"name\": \"latency-alert\", \"source\": \"...\"}";

    /** Validates a definition; {@code maxSourceBytes} is the UTF-8 size limit of the source (413 past it). */
    public static ScriptDefinition from(JsonObject object, long maxSourceBytes) {
        for (String field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("invalid_field", "unknown field '" + field + "'; a script has "
                        + "'name', 'source', 'description', 'timeout' and 'schedule'");
            }
        }
        String name = optionalText(object, "name");
        if (name != null) {
            checkName(name);
        }
        if (!(object.get("source") instanceof JsonString source) || source.getString().isBlank()) {
            throw ApiException.badRequest("missing_field", "field 'source' (the script's TypeScript, a non-empty string) is required");
        }
        long size = source.getString().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxSourceBytes) {
            throw new ApiException(413, "source_too_large", "the source is " + size + " bytes; the limit is " + maxSourceBytes
                    + " bytes (tidepool.scripts.max-source-bytes)");
        }
        String description = optionalText(object, "description");
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ApiException.badRequest("invalid_field", "field 'description' is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        Duration timeout = null;
        String timeoutText = optionalText(object, "timeout");
        if (timeoutText != null) {
            try {
                timeout = HumanDuration.parse(timeoutText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_field", "'timeout': " + e.getMessage());
            }
        }
        boolean scheduleGiven = object.containsKey("schedule");
        return new ScriptDefinition(name, source.getString(), description, timeout, scheduleGiven,
                Schedule.parse(object.get("schedule")));
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid_name", "a script name is " + NAME_RULE + ", got '" + name + "'");
        }
    }

    private static String optionalText(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw ApiException.badRequest("invalid_field", "field '" + field + "' must be a string");
        }
        return s.getString();
    }
}
