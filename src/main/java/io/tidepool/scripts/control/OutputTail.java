package io.tidepool.scripts.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last {@code capacity} bytes a stream wrote, in a ring buffer, and the count of everything it
 * wrote. A script that prints gigabytes costs at most the capacity in memory and in the store, and
 * the end of its output, usually the part that explains how it ended, is what is kept.
 */
final class OutputTail {

    private final byte[] ring;
    private long total;

    OutputTail(int capacity) {
        ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        int capacity = ring.length;
        if (length >= capacity) {
            offset += length - capacity;
            total += length - capacity;
            length = capacity;
        }
        int start = (int) (total % capacity);
        int first = Math.min(length, capacity - start);
        System.arraycopy(bytes, offset, ring, start, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        total += length;
    }

    /** Bytes written in all, kept or not. */
    synchronized long total() {
        return total;
    }

    /** Offset (in the whole stream) of the oldest byte still kept. */
    synchronized long retainedFrom() {
        return Math.max(0, total - ring.length);
    }

    /**
     * The kept bytes from {@code offset} on (or from the oldest kept byte, if {@code offset} was
     * already dropped), ending at a complete UTF-8 character unless {@code includePartial}.
     */
    synchronized Chunk from(long offset, boolean includePartial) {
        long start = Math.max(offset, retainedFrom());
        byte[] bytes = copy(start, total);
        int skip = start > offset ? Utf8.continuationPrefix(bytes) : 0;
        int end = includePartial ? bytes.length : Utf8.completeLength(bytes);
        return new Chunk(start + skip, Arrays.copyOfRange(bytes, skip, Math.max(skip, end)));
    }

    /** All kept bytes as text; a character cut in half at the front is left out. */
    String text() {
        Chunk all = from(0, true);
        return new String(all.bytes(), StandardCharsets.UTF_8);
    }

    private byte[] copy(long from, long to) {
        int length = (int) (to - from);
        byte[] out = new byte[length];
        int capacity = ring.length;
        int start = (int) (from % capacity);
        int first = Math.min(length, capacity - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, length - first);
        return out;
    }

    /** Bytes of the stream starting at {@code offset}. */
    record Chunk(long offset, byte[] bytes) {
        long end() {
            return offset + bytes.length;
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
