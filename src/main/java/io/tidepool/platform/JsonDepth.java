package io.tidepool.platform;

/**
 * How deeply a JSON text nests arrays and objects, counted on its bytes before any parser sees it.
 * The JSON-P parser refuses nesting past 1,000 levels with a bare RuntimeException (not a
 * JsonException), so every body from a caller is measured here first and refused with a clear
 * message well before that. Brackets inside strings do not count; UTF-8 continuation bytes never
 * look like ASCII, so bytes can be scanned directly.
 */
public final class JsonDepth {

    /** The deepest nesting a request body may have; documented in docs/api.md and docs/ingest.md. */
    public static final int MAX = 128;

    private JsonDepth() {
    }

    /** The deepest nesting of arrays and objects in {@code json} (0 for a scalar); stops counting past {@link #MAX}. */
    public static int of(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                depth++;
                if (depth > deepest) {
                    deepest = depth;
                    if (deepest > MAX) {
                        return deepest;
                    }
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return deepest;
    }

    /** Whether {@code json} nests deeper than {@link #MAX}. */
    public static boolean tooDeep(byte[] json) {
        return of(json) > MAX;
    }

    public static String message() {
        return "the body nests arrays and objects deeper than " + MAX + " levels";
    }
}
