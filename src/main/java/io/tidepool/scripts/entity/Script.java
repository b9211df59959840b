package io.tidepool.scripts.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A registered script: its TypeScript source and settings. {@code timeout} is its own wall-clock
 * limit (null: the server's); {@code version} counts updates, so a run records which source it ran.
 */
public record Script(String name, String description, String source, Duration timeout, Schedule schedule, int version,
        Instant createdAt, Instant updatedAt) {

    public Script withSchedule(Schedule replacement) {
        return new Script(name, description, source, timeout, replacement, version, createdAt,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
