package io.tidepool.ingest.entity;

/** The OTLP signals Tidepool receives, with the word OTLP uses for their items. */
public enum Signal {
    TRACES("traces", "spans"),
    METRICS("metrics", "data points");

    private final String label;
    private final String items;

    Signal(String label, String items) {
        this.label = label;
        this.items = items;
    }

    public String label() {
        return label;
    }

    public String items() {
        return items;
    }
}
