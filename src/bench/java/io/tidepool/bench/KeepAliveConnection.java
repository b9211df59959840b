package io.tidepool.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket with TCP_NODELAY: a request goes out in one
 * write, the answer is read whole (Content-Length, chunked, or until close). What it costs the
 * benchmark is a syscall each way, so the figures are Tidepool's, not the client's. Not thread-safe:
 * one per worker. If the server closed an idle connection, the request is sent once more on a new one.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** A complete answer; {@code firstByteNanos} is when the first byte of its body arrived (or its head, if empty). */
    record Response(int status, byte[] body, long firstByteNanos) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MILLIS = 120_000;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveConnection(int port) {
        this.port = port;
    }

    Response send(RawRequest request) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            open();
        }
        try {
            out.write(request.bytes());
            out.flush();
            return read();
        } catch (EOFException | java.net.SocketException e) {
            close();
            if (!reused) {
                throw e;
            }
            open();
            out.write(request.bytes());
            out.flush();
            return read();
        }
    }

    /** Sends and insists on 200; anything else is a failure with the server's answer in its message. */
    Response ok(RawRequest request) throws IOException {
        Response response = send(request);
        if (response.status() != 200) {
            throw new IOException(request.label() + " answered " + response.status() + ": " + response.text());
        }
        return response;
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) Math.min(length, 1 << 20) : 256);
        long firstByte;
        if (status / 100 == 1 || status == 204 || status == 304) {
            firstByte = System.nanoTime();
        } else if (chunked) {
            firstByte = readChunked(body);
        } else if (length >= 0) {
            firstByte = copy(body, length);
        } else {
            firstByte = copy(body, Long.MAX_VALUE);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body.toByteArray(), firstByte);
    }

    private long readChunked(ByteArrayOutputStream body) throws IOException {
        long firstByte = 0;
        while (true) {
            String size = line();
            int extension = size.indexOf(';');
            long chunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (chunk == 0) {
                while (!line().isEmpty()) {
                    // trailers: none the benchmark needs
                }
                return firstByte == 0 ? System.nanoTime() : firstByte;
            }
            long at = copy(body, chunk);
            firstByte = firstByte == 0 ? at : firstByte;
            if (!line().isEmpty()) {
                throw new IOException("a chunk did not end with CRLF");
            }
        }
    }

    /** Copies {@code length} bytes (or up to the end of the stream); returns when the first one arrived. */
    private long copy(ByteArrayOutputStream body, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long firstByte = 0;
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    break;
                }
                throw new EOFException("the connection closed inside a body");
            }
            firstByte = firstByte == 0 ? System.nanoTime() : firstByte;
            body.write(buffer, 0, n);
            left -= n;
        }
        return firstByte == 0 ? System.nanoTime() : firstByte;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed" + (line.isEmpty() ? "" : " inside a line"));
            }
            if (b == '\n') {
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection the benchmark no longer needs
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
