package it.io.tidepool.support;

import java.io.StringReader;
import java.net.http.HttpHeaders;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** An HTTP answer as a test sees it: status, headers, body text, and the body as JSON when it is JSON. */
public record Reply(int status, HttpHeaders headers, String body) {

    public JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** The error code of a {@code {"error":{"code","message"}}} body. */
    public String errorCode() {
        return json().getJsonObject("error").getString("code");
    }

    public String errorMessage() {
        return json().getJsonObject("error").getString("message");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }
}
