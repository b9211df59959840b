package io.tidepool.ingest.control;

import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;

/**
 * An export request that fails as a whole. Answered per OTLP/HTTP with this status and a
 * {@code google.rpc.Status} body in the request's encoding (protobuf when the encoding is unknown);
 * 429, 502, 503 and 504 tell the sender to retry, every other status not to.
 */
public class OtlpFailure extends RuntimeException {

    private final Signal signal;
    private final int status;
    private final OtlpEncoding encoding;
    private final Integer retryAfterSeconds;

    public OtlpFailure(Signal signal, int status, OtlpEncoding encoding, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.signal = signal;
        this.status = status;
        this.encoding = encoding;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OtlpFailure badRequest(Signal signal, OtlpEncoding encoding, String message) {
        return new OtlpFailure(signal, 400, encoding, message, null);
    }

    public Signal signal() {
        return signal;
    }

    public int status() {
        return status;
    }

    public OtlpEncoding encoding() {
        return encoding == null ? OtlpEncoding.PROTOBUF : encoding;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
