package it.io.tidepool.generated;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * One generated request and what is said of it when it fails: its number, method, URI, the headers
 * that matter and the start of its body.
 */
record Generated(int index, HttpRequest request, String description) {

    static Generated of(int index, HttpRequest.Builder request, String method, byte[] body, boolean textBody) {
        HttpRequest built = request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        StringBuilder text = new StringBuilder("#").append(index).append(' ').append(method).append(' ').append(built.uri());
        built.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("authorization")) {
                text.append(" [").append(name).append(": ").append(String.join(", ", values)).append(']');
            }
        });
        if (body != null) {
            text.append(" body ").append(body.length).append(" bytes");
            if (textBody) {
                String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
                text.append(": ").append(shown);
            }
        }
        return new Generated(index, built, text.toString());
    }
}
