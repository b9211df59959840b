package io.tidepool.query.control;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with just the JSON and CSV writing a result stream needs. Rows are
 * encoded here first so that the byte cap can be checked before a row reaches the client, and so
 * that a row that would cross the cap can be dropped whole.
 */
public final class TextBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    public TextBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** Forgets everything after {@code length} bytes (used to drop a row that does not fit). */
    public void truncate(int length) {
        size = length;
    }

    public void reset() {
        size = 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, java.nio.charset.StandardCharsets.UTF_8);
    }

    public TextBuffer raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** Appends ASCII text that is already valid JSON (punctuation, numbers, literals). */
    public TextBuffer raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Appends bytes that are already valid UTF-8 JSON (a pre-encoded key, say). */
    public TextBuffer raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
        return this;
    }

    /** Appends text as UTF-8 without any escaping (JSON that is already valid, a CSV field already quoted). */
    public TextBuffer rawUtf8(String json) {
        for (int i = 0, n = json.length(); i < n; i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                ensure(1);
                bytes[size++] = (byte) c;
            } else {
                i = utf8(json, i, c);
            }
        }
        return this;
    }

    public TextBuffer nullValue() {
        return raw("null");
    }

    public TextBuffer bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    public TextBuffer number(long value) {
        return raw(Long.toString(value));
    }

    /** A JSON string with the escaping RFC 8259 requires (quotes, backslash, control characters). */
    public TextBuffer string(String value) {
        ensure(value.length() + 2);
        bytes[size++] = '"';
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(2);
                bytes[size++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                ensure(2);
                bytes[size++] = '\\';
                bytes[size++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else {
                i = utf8(value, i, c);
            }
        }
        ensure(1);
        bytes[size++] = '"';
        return this;
    }

    /**
     * A CSV field (RFC 4180): as it is when it holds no comma, quote, CR or LF, otherwise quoted
     * with its quotes doubled.
     */
    public TextBuffer csvField(String value) {
        boolean quote = false;
        for (int i = 0, n = value.length(); i < n && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            return rawUtf8(value);
        }
        raw('"');
        int from = 0;
        for (int at = value.indexOf('"'); at >= 0; at = value.indexOf('"', at + 1)) {
            rawUtf8(value.substring(from, at + 1)).raw('"');
            from = at + 1;
        }
        return rawUtf8(value.substring(from)).raw('"');
    }

    private void escapeControl(char c) {
        ensure(6);
        bytes[size++] = '\\';
        switch (c) {
            case '\n' -> bytes[size++] = 'n';
            case '\r' -> bytes[size++] = 'r';
            case '\t' -> bytes[size++] = 't';
            case '\b' -> bytes[size++] = 'b';
            case '\f' -> bytes[size++] = 'f';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[c >> 4];
                bytes[size++] = HEX[c & 0xF];
            }
        }
    }

    /** Encodes the character at {@code i} (and its low surrogate, if any); returns the last index consumed. */
    private int utf8(String s, int i, char c) {
        ensure(4);
        if (c < 0x800) {
            bytes[size++] = (byte) (0xC0 | (c >> 6));
            bytes[size++] = (byte) (0x80 | (c & 0x3F));
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            bytes[size++] = (byte) (0xF0 | (cp >> 18));
            bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            // A lone surrogate cannot be encoded in UTF-8; U+FFFD keeps the output valid.
            c = '\uFFFD';
        }
        bytes[size++] = (byte) (0xE0 | (c >> 12));
        bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (c & 0x3F));
        return i;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
