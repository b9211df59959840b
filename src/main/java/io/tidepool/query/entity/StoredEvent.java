package io.tidepool.query.entity;

import java.time.Instant;

/** A row of {@code script_events} as read back: {@code dataJson} is the event's data as JSON text. */
public record StoredEvent(Instant timestamp, String scriptId, String executionId, String name, String severity, String dataJson) {
}
