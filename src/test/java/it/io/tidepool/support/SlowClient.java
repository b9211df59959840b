package it.io.tidepool.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for what java.net.http hides: it can stop reading for a while after the
 * first bytes of a response, with small socket buffers, so that the server really blocks on a full
 * socket (java.net.http reads ahead and would absorb the whole response); and it returns the
 * chunked body's trailers and whether the body was terminated properly.
 */
public final class SlowClient {

    /** The status line and headers, the de-chunked body, its trailers, and whether the last chunk arrived. */
    public record RawResponse(String head, String body, Map<String, String> trailers, boolean complete) {

        public int status() {
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private SlowClient() {
    }

    /** Returns the de-chunked response body; fails unless the status is 200. */
    public static String postAndPause(int port, String path, String json, Duration pause) throws IOException, InterruptedException {
        RawResponse response = post(port, path, json, "application/json", pause);
        if (response.status() != 200) {
            throw new AssertionError("expected 200, got " + response.head());
        }
        return response.body();
    }

    public static RawResponse post(int port, String path, String json, String accept, Duration pauseAfterFirstBytes)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Accept: " + accept + "\r\nTE: trailers\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(in.readNBytes(16 * 1024));
            Thread.sleep(pauseAfterFirstBytes.toMillis());
            try {
                in.transferTo(all);
            } catch (IOException reset) {
                // A server that aborts the response may reset the connection: keep what arrived.
            }
            return parse(new String(all.toByteArray(), StandardCharsets.ISO_8859_1));
        }
    }

    private static RawResponse parse(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        String head = response.substring(0, headerEnd);
        String rest = response.substring(headerEnd + 4);
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new RawResponse(head, utf8(rest), Map.of(), true);
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        Map<String, String> trailers = new LinkedHashMap<>();
        int i = 0;
        while (true) {
            int lineEnd = rest.indexOf("\r\n", i);
            if (lineEnd < 0) {
                return new RawResponse(head, decoded.toString(StandardCharsets.UTF_8), trailers, false);
            }
            int size = Integer.parseInt(rest.substring(i, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                for (String line : rest.substring(lineEnd + 2).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        trailers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
                return new RawResponse(head, decoded.toString(StandardCharsets.UTF_8), trailers, true);
            }
            if (lineEnd + 2 + size > rest.length()) {
                decoded.writeBytes(rest.substring(lineEnd + 2).getBytes(StandardCharsets.ISO_8859_1));
                return new RawResponse(head, decoded.toString(StandardCharsets.UTF_8), trailers, false);
            }
            decoded.writeBytes(rest.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            i = lineEnd + 2 + size + 2;
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
