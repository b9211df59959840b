package io.tidepool.ingest.entity;

import java.util.List;

/**
 * What one export request became: the rows to store, how many items were rejected as invalid
 * (reported to the sender as partial success), how many were valid but have no table here
 * (ignored), how many attribute values were truncated, and the first problems in words.
 */
public record Mapped(WriteBatch batch, long accepted, long rejected, long ignored, long truncated, List<String> problems) {

    public Mapped {
        problems = List.copyOf(problems);
    }

    /** The partial-success message for the sender, or empty when there is nothing to say. */
    public String message() {
        StringBuilder message = new StringBuilder();
        for (String problem : problems) {
            message.append(message.isEmpty() ? "" : "; ").append(problem);
        }
        if (truncated > 0) {
            message.append(message.isEmpty() ? "" : "; ").append(truncated).append(" attribute values were truncated");
        }
        return message.toString();
    }
}
