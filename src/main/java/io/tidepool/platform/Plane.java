package io.tidepool.platform;

import java.util.List;

/**
 * The three surfaces Tidepool serves, each on its own port: the loopback SDK API that scripts
 * call, the OTLP receiver, and the script administration API. A path belongs to exactly one plane.
 */
public enum Plane {
    SDK(List.of("/db/", "/metrics/", "/traces/", "/system/", "/emit", "/health")),
    OTLP(List.of("/v1/")),
    ADMIN(List.of("/scripts", "/runs", "/mcp"));

    private final List<String> pathPrefixes;

    Plane(List<String> pathPrefixes) {
        this.pathPrefixes = pathPrefixes;
    }

    public boolean serves(String path) {
        for (String prefix : pathPrefixes) {
            if (path.startsWith(prefix) || (prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
