package io.tidepool.query.entity;

import java.time.Instant;

/** The latest value of a host metric; both fields are null when none was recorded. */
public record HostSample(Double value, Instant timestamp) {

    public static final HostSample NONE = new HostSample(null, null);
}
