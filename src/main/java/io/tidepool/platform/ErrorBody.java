package io.tidepool.platform;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The one error shape of every Tidepool endpoint: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static JsonObject of(String code, String message) {
        return Json.createObjectBuilder()
                .add("error", Json.createObjectBuilder()
                        .add("code", code)
                        .add("message", message == null ? "" : message))
                .build();
    }
}
