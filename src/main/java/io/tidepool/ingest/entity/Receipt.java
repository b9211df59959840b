package io.tidepool.ingest.entity;

/** The answer to an export request whose valid items are committed. */
public record Receipt(Signal signal, OtlpEncoding encoding, long accepted, long rejected, String message) {
}
