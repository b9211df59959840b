package io.tidepool.scripts.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a finished run ended. */
public enum Outcome {
    /** Exit code 0. */
    SUCCEEDED,
    /** A non-zero exit code: an uncaught error, a syntax error, a denied operation left uncaught. */
    FAILED,
    /** Killed at its wall-clock limit. */
    TIMED_OUT,
    /** Stopped by an operator (or its script was deleted). */
    KILLED,
    /** Died at the V8 heap limit or the operating-system memory limit. */
    MEMORY_LIMITED,
    /** Never started: the executor's queue was full. */
    REFUSED,
    /** Cut off by a server stop or restart. */
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public static String labels() {
        return Arrays.stream(values()).map(Outcome::label).collect(Collectors.joining(", "));
    }
}
