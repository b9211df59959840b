package io.tidepool.platform;

import jakarta.ws.rs.core.Response.Status;

/**
 * A failure the caller should see as-is: an HTTP status, a stable machine-readable code and a
 * sentence for humans. {@link ApiExceptionMapper} renders it as {@code {"error":{"code","message"}}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public ApiException(int status, String code, String message, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(Status.BAD_REQUEST.getStatusCode(), code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(Status.FORBIDDEN.getStatusCode(), code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND.getStatusCode(), "not_found", message);
    }

    public static ApiException payloadTooLarge(long limitBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(), "payload_too_large",
                "request body is larger than the limit of " + limitBytes + " bytes");
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode(), "unsupported_media_type", message);
    }

    public static ApiException timeout(String message) {
        return new ApiException(Status.GATEWAY_TIMEOUT.getStatusCode(), "timeout", message);
    }

    /** 503 with Retry-After: the server is saturated but healthy; the caller should come back. */
    public static ApiException overloaded(String message, int retryAfterSeconds) {
        return new ApiException(Status.SERVICE_UNAVAILABLE.getStatusCode(), "overloaded", message, retryAfterSeconds, null);
    }

    /** 503 with Retry-After: this instance is shutting down; another instance (or this one after its restart) will answer. */
    public static ApiException shuttingDown(String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE.getStatusCode(), "shutting_down", message, 1, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
