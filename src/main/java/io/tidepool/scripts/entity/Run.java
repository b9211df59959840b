package io.tidepool.scripts.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One execution of a script, as reported by the API and kept in the store. {@code outcome},
 * {@code exitCode} and {@code finishedAt} are null until it finishes; {@code message} explains an
 * outcome other than success in a sentence; {@code denied} lists what the sandbox refused it (at
 * most {@link #MAX_DENIALS} distinct accesses, from Deno's permission audit).
 */
public record Run(String id, String script, int scriptVersion, RunTrigger trigger, RunState state, Outcome outcome,
        Integer exitCode, String message, Instant queuedAt, Instant startedAt, Instant finishedAt, Long pid, int events,
        List<String> denied, long stdoutBytes, long stderrBytes) {

    public static final int MAX_DENIALS = 20;

    public Run {
        denied = List.copyOf(denied);
    }

    public boolean finished() {
        return state == RunState.FINISHED;
    }

    /** Wall-clock time from start to end (or to now while it runs); null before it starts. */
    public Duration duration() {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now());
    }
}
