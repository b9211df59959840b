package io.tidepool.query.control;

import java.util.List;
import java.util.Locale;

/** The formats a result streams in, chosen by the request's Accept header. */
public enum ResultFormat {
    /** The seed's document (the default). */
    JSON("application/json"),
    /** One row object per line and a closing summary line. */
    NDJSON("application/x-ndjson"),
    /** A header line and one line per row; the summary in trailers. */
    CSV("text/csv");

    private final String mediaType;

    ResultFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * Whether the count, truncation and error travel in HTTP trailers (NDJSON and CSV), which
     * need a chunked body: the answer must not leave in a single write with a Content-Length.
     */
    public boolean summaryInTrailers() {
        return this != JSON;
    }

    RowEncoder encoder(ResultColumns columns) {
        return switch (this) {
            case JSON -> new SeedJsonRows(columns);
            case NDJSON -> new NdjsonRows(columns);
            case CSV -> new CsvRows(columns);
        };
    }

    /**
     * The first format the caller accepts, in its order of preference (highest quality first, as
     * JAX-RS sorts them); {@code application/ndjson} is taken as NDJSON. Null when none fits.
     */
    public static ResultFormat preferred(List<String> acceptedInOrder) {
        if (acceptedInOrder.isEmpty()) {
            return JSON;
        }
        for (String accepted : acceptedInOrder) {
            String type = accepted.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json", "application/*", "*/*" -> {
                    return JSON;
                }
                case "application/x-ndjson", "application/ndjson" -> {
                    return NDJSON;
                }
                case "text/csv", "text/*" -> {
                    return CSV;
                }
                default -> {
                    // Not one of ours: try the next preference.
                }
            }
        }
        return null;
    }
}
