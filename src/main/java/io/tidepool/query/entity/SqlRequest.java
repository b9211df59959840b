package io.tidepool.query.entity;

import java.io.ByteArrayInputStream;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import io.tidepool.platform.ApiException;

/** The body of {@code POST /db/query}: {@code {"sql": "...", "params": [ ... ]}}. */
public record SqlRequest(String sql, List<JsonValue> params) {

    public static SqlRequest parse(byte[] body) {
        JsonObject object;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                throw ApiException.badRequest("invalid_json", "the body must be a JSON object like {\"sql\": \"SELECT 1\"}");
            }
            object = o;
        } catch (JsonParsingException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON: " + e.getMessage());
        } catch (jakarta.json.JsonException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON");
        }
        if (!(object.get("sql") instanceof JsonString sql)) {
            throw ApiException.badRequest("missing_field", "field 'sql' (a string) is required");
        }
        if (sql.getString().isBlank()) {
            throw ApiException.badRequest("empty_sql", "field 'sql' is empty");
        }
        JsonValue params = object.get("params");
        if (params == null || params == JsonValue.NULL) {
            return new SqlRequest(sql.getString(), List.of());
        }
        if (!(params instanceof JsonArray array)) {
            throw ApiException.badRequest("invalid_params", "field 'params' must be an array of values for $1, $2, ... or ?");
        }
        return new SqlRequest(sql.getString(), List.copyOf(array));
    }
}
