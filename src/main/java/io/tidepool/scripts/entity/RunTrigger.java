package io.tidepool.scripts.entity;

import java.util.Locale;

/** What started a run: an operator's request or the script's schedule. */
public enum RunTrigger {
    MANUAL, SCHEDULE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunTrigger of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
