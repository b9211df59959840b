package io.tidepool.ingest.entity;

/** One row of {@code script_events}: something a script emitted. */
public record ScriptEventRecord(
        long timestampEpochNanos, String scriptId, String executionId, String name, String severity, String dataJson) {
}
