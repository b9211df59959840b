package io.tidepool.platform;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;

/** The one error shape of every Tidepool endpoint: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static JsonObject of(String code, String message) {
        return JSON.createObjectBuilder()
                .add("error", JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message == null ? "" : message))
                .build();
    }

    /** Answers from a servlet filter, where no JAX-RS exception mapper is in reach. */
    public static void send(HttpServletResponse out, int status, String code, String message) throws IOException {
        out.setStatus(status);
        out.setContentType("application/json");
        out.getOutputStream().write(of(code, message).toString().getBytes(StandardCharsets.UTF_8));
    }
}
