package io.tidepool.scripts.entity;

import java.util.Locale;

/** Where a run is in its life: waiting for a free slot of the executor, running, or done. */
public enum RunState {
    QUEUED, RUNNING, FINISHED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
