package io.tidepool.platform;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;

/**
 * A request body that must be one JSON object: 415 for another Content-Type (a missing one is
 * read as JSON, since scripts calling fetch by hand often leave it out), 413 past the size limit,
 * 400 when it is not a JSON object.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /**
     * @param example a short valid body, quoted in the 400 message so the caller sees what is expected
     */
    public static JsonObject object(String contentType, InputStream body, long limitBytes, String example) {
        requireJson(contentType);
        return parse(BoundedBody.read(body, limitBytes), example);
    }

    static JsonObject parse(byte[] body, String example) {
        if (JsonDepth.tooDeep(body)) {
            throw ApiException.badRequest("invalid_json", JsonDepth.message());
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            if (reader.readValue() instanceof JsonObject object) {
                return object;
            }
        } catch (JsonParsingException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON");
        }
        throw ApiException.badRequest("invalid_json", "the body must be a JSON object like " + example);
    }

    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_TYPES.contains(type)) {
            throw ApiException.unsupportedMediaType("Content-Type " + contentType + " is not supported; send application/json");
        }
    }

    /** application/json and the wildcards that include it. */
    private static final Set<String> ACCEPTED_TYPES = Set.of("application/json", "application/*", "*/*");
}
