package io.tidepool.scripts.control;

/** Where UTF-8 characters begin and end, for cutting a byte stream into whole characters. */
final class Utf8 {

    private Utf8() {
    }

    /** Leading continuation bytes (at most 3): the tail of a character whose start was cut off. */
    static int continuationPrefix(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && i < 3 && isContinuation(bytes[i])) {
            i++;
        }
        return i;
    }

    /** Length of the longest prefix that does not end inside a multi-byte character. */
    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(4, n); back++) {
            byte b = bytes[n - back];
            if (isContinuation(b)) {
                continue;
            }
            int needed = sequenceLength(b);
            return needed > back ? n - back : n;
        }
        return n;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static int sequenceLength(byte lead) {
        if ((lead & 0x80) == 0) {
            return 1;
        }
        if ((lead & 0xE0) == 0xC0) {
            return 2;
        }
        if ((lead & 0xF0) == 0xE0) {
            return 3;
        }
        return (lead & 0xF8) == 0xF0 ? 4 : 1;
    }
}
