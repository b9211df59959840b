package io.tidepool.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request encoded once, head and body in a single byte array, so that
 * {@link KeepAliveConnection} hands it to the kernel in one write (one TCP segment for small
 * requests) — unlike the JDK's HttpClient, which sent headers and body apart and so added a
 * delayed-ACK round to every POST.
 */
record RawRequest(String label, byte[] bytes) {

    /** A GET for JSON, as the SDK sends it. */
    static RawRequest get(int port, String pathAndQuery) {
        return get(port, pathAndQuery, "application/json");
    }

    /** A GET of Prometheus text (MP Metrics answers 406 to a JSON-only Accept). */
    static RawRequest getMetrics(int port, String pathAndQuery) {
        return get(port, pathAndQuery, "text/plain");
    }

    private static RawRequest get(int port, String pathAndQuery, String accept) {
        return new RawRequest("GET " + pathAndQuery, head("GET", port, pathAndQuery, accept, null, 0).getBytes(StandardCharsets.US_ASCII));
    }

    static RawRequest postJson(int port, String path, String json) {
        return post(port, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static RawRequest post(int port, String path, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 200);
        out.writeBytes(head("POST", port, path, "application/json", contentType, body.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return new RawRequest("POST " + path, out.toByteArray());
    }

    /** The same request under another name in the results. */
    RawRequest labelled(String name) {
        return new RawRequest(name, bytes);
    }

    private static String head(String method, int port, String target, String accept, String contentType, int length) {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept: ").append(accept).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }
}
