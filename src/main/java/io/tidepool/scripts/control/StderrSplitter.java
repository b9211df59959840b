package io.tidepool.scripts.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Separates Deno's permission audit lines from a script's own error output, which share the
 * process's stderr. Plain output passes through at once; only a line that starts like an audit line
 * is held until its newline (and passed through as output after all if it grows past
 * {@link #MAX_AUDIT_LINE} without one, or turns out not to be an audit line).
 */
final class StderrSplitter {

    static final int MAX_AUDIT_LINE = 8 * 1024;
    private static final byte[] PREFIX = PermissionAudit.LINE_PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** Where the bytes go. */
    interface Sink {
        void output(byte[] bytes, int offset, int length);

        /** An audit line, without its newline; false if it was not one after all. */
        boolean audit(String line);
    }

    private final Sink sink;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    /** True at the start of a line, and while the held bytes may still be an audit line. */
    private boolean lineStart = true;

    StderrSplitter(Sink sink) {
        this.sink = sink;
    }

    void write(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (!lineStart) {
                int newline = indexOf(bytes, (byte) '\n', i, end);
                int stop = newline < 0 ? end : newline + 1;
                sink.output(bytes, i, stop - i);
                lineStart = newline >= 0;
                i = stop;
                continue;
            }
            byte b = bytes[i++];
            if (b == '\n' && held.size() >= PREFIX.length) {
                finishHeldLine();
                continue;
            }
            held.write(b);
            int n = held.size();
            if (b == '\n' || (n <= PREFIX.length && b != PREFIX[n - 1]) || n > MAX_AUDIT_LINE) {
                releaseHeld();
            }
        }
    }

    /** Passes on whatever is still held (the stream ended). */
    void close() {
        if (held.size() > 0) {
            releaseHeld();
        }
    }

    private void finishHeldLine() {
        String line = held.toString(StandardCharsets.UTF_8);
        if (sink.audit(line)) {
            held.reset();
        } else {
            held.write('\n');
            releaseHeld();
        }
        lineStart = true;
    }

    private void releaseHeld() {
        byte[] bytes = held.toByteArray();
        held.reset();
        sink.output(bytes, 0, bytes.length);
        lineStart = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    private static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
