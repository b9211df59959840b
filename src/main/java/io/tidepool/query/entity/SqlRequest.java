package io.tidepool.query.entity;

import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;

/** The body of {@code POST /db/query}: {@code {"sql": "...", "params": [ ... ]}}. */
public record SqlRequest(String sql, List<JsonValue> params) {

    /** An example of a valid body, for error messages. */
    public static final String EXAMPLE = "{\"sql\": \"SELECT 1\"}";

    public static SqlRequest from(JsonObject object) {
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
