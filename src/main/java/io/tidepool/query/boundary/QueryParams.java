package io.tidepool.query.boundary;

import java.time.Duration;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;

/** Validation of the helper endpoints' query parameters, with messages that say what is expected. */
public final class QueryParams {

    private static final int MAX_NAME_LENGTH = 256;

    /** The longest {@code window}, {@code timeRange} or {@code minDuration} (documented in docs/api.md). */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    private QueryParams() {
    }

    static String service(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("missing_parameter", "query parameter 'service' is required");
        }
        return name("service", value);
    }

    static String optionalService(String value) {
        return value == null || value.isBlank() ? null : name("service", value);
    }

    private static String name(String parameter, String value) {
        if (value.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("invalid_parameter", "'" + parameter + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }

    /** A duration from 1 ms to {@link #MAX_DURATION}; {@code defaultValue} when absent. */
    static Duration duration(String parameter, String value, Duration defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return parsed(parameter, value, "from 1ms to ");
    }

    /** Like {@link #duration} but also accepts 0 (no lower bound), the default. */
    static Duration durationOrZero(String parameter, String value) {
        if (value == null || value.isBlank() || value.strip().equals("0")) {
            return Duration.ZERO;
        }
        return parsed(parameter, value, "0 or from 1ms to ");
    }

    private static Duration parsed(String parameter, String value, String range) {
        try {
            return HumanDuration.parse(value, MAX_DURATION);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "'" + parameter + "' must be a duration " + range
                    + HumanDuration.format(MAX_DURATION) + ": " + e.getMessage());
        }
    }

    static double quantile(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("missing_parameter", "query parameter 'p' is required: a quantile from 0 to 1, for example 0.99");
        }
        double q;
        try {
            q = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            q = Double.NaN;
        }
        if (!(q >= 0 && q <= 1)) {
            throw ApiException.badRequest("invalid_parameter", "'p' must be a number from 0 to 1 (for example 0.99), got '" + value + "'");
        }
        return q;
    }

    /** A {@code limit} parameter from 1 to {@code max}; {@code defaultValue} when absent. */
    public static int limit(String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the accepted range.
        }
        throw ApiException.badRequest("invalid_parameter", "'limit' must be a whole number from 1 to " + max + ", got '" + value + "'");
    }
}
