package io.tidepool.security;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URL paths that need a login, matched the way the web container will resolve them: the raw request URI
 * is percent-decoded, stripped of path parameters ({@code ;x=1}) and of {@code .} and {@code ..} segments
 * before it is compared, so that {@code /%6Fpenapi} or {@code /x/../openapi} cannot walk past the check
 * (measured: Liberty serves {@code /%6Fpenapi} as {@code /openapi}). The comparison ignores case and a path
 * that cannot be decoded counts as protected: a doubtful request is asked for a user rather than let through.
 */
public final class ProtectedPaths {

    /** {@code ;name=value} after a segment; Liberty asks about every request, so the pattern is compiled once. */
    private static final Pattern PATH_PARAMETERS = Pattern.compile(";[^/]*");

    private final List<String> prefixes;

    private ProtectedPaths(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** A comma-separated list of path prefixes, such as {@code /openapi}; each covers itself and what lies below. */
    public static ProtectedPaths parse(String commaSeparated) {
        List<String> prefixes = Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> (p.startsWith("/") ? p : "/" + p).replaceAll("/+$", "").toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .toList();
        return new ProtectedPaths(prefixes);
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    public boolean covers(String rawRequestUri) {
        String path = resolved(rawRequestUri);
        if (path == null) {
            return true;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        return prefixes.stream().anyMatch(p -> lower.equals(p) || lower.startsWith(p + "/"));
    }

    /** The decoded, normalised path of a raw request URI, or null when it is not a valid path. */
    static String resolved(String rawRequestUri) {
        if (rawRequestUri == null || !rawRequestUri.startsWith("/")) {
            return null;
        }
        String decoded;
        try {
            decoded = URI.create("http://host" + PATH_PARAMETERS.matcher(rawRequestUri).replaceAll("")).getPath();
        } catch (IllegalArgumentException notAPath) {
            return null;
        }
        // Segments are resolved after decoding, which may reveal an escaped "/", "." or "..".
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        String path = "/" + String.join("/", segments);
        return decoded.endsWith("/") && !segments.isEmpty() ? path + "/" : path;
    }
}
