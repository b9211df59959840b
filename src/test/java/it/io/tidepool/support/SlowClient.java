package it.io.tidepool.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that stops reading for a while after the first bytes of a response, with small socket
 * buffers, so that the server really blocks on a full socket (java.net.http reads ahead and would
 * absorb the whole response). Speaks just enough HTTP/1.1 for a JSON POST with a chunked answer.
 */
public final class SlowClient {

    private SlowClient() {
    }

    /** Returns the de-chunked response body; fails unless the status is 200. */
    public static String postAndPause(int port, String path, String json, Duration pause) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(16 * 1024);
            Thread.sleep(pause.toMillis());
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(first);
            in.transferTo(all);
            return body(new String(all.toByteArray(), StandardCharsets.ISO_8859_1));
        }
    }

    private static String body(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        String head = response.substring(0, headerEnd);
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new AssertionError("expected 200, got " + head);
        }
        String rest = response.substring(headerEnd + 4);
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int lineEnd = rest.indexOf("\r\n", i);
            int size = Integer.parseInt(rest.substring(i, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            byte[] chunk = rest.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
            decoded.write(chunk, 0, chunk.length);
            i = lineEnd + 2 + size + 2;
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }
}
