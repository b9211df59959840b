package io.tidepool.query.entity;

/** The share of failed requests (0 to 1) among {@code count}; {@code value} is null when there were none. */
public record ErrorRate(Double value, long count, long errors) {
}
