package io.tidepool.query.entity;

/**
 * Who sent a request to the SDK API, as recorded in slow-query logs, metrics and emitted events.
 * A request carrying a valid run token is attributed to its script and run; any other request is
 * known only by its loopback address.
 */
public record Caller(String address, String scriptId, String runId) {

    /** Tidepool's own reads (health probe, run events), which belong to no script. */
    public static final Caller INTERNAL = new Caller("tidepool", null, null);

    public static Caller remote(String address, int port) {
        return new Caller(address + ":" + port, null, null);
    }

    public static Caller script(String scriptId, String runId, String address, int port) {
        return new Caller(address + ":" + port, scriptId, runId);
    }

    public boolean isScript() {
        return scriptId != null;
    }

    /** The {@code script} tag of SDK metrics: the script's name, or {@code anonymous}. */
    public String metricTag() {
        return isScript() ? scriptId : "anonymous";
    }

    @Override
    public String toString() {
        return isScript() ? "script " + scriptId + " (run " + runId + ", " + address + ")" : address;
    }
}
