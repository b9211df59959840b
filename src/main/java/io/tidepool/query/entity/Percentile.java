package io.tidepool.query.entity;

/**
 * A latency quantile in nanoseconds over {@code count} observations; {@code value} is null when
 * there were none in the window. {@code estimated} is true when it comes from histogram buckets
 * rather than from every span.
 */
public record Percentile(Double value, long count, boolean estimated) {
}
