package io.tidepool.query.control;

import io.tidepool.platform.ApiException;

/**
 * How a streamed result ended: rows written, which cap cut it ({@code "rows"}, {@code "bytes"}, or
 * null), and the failure that ended it early, if any.
 */
public record StreamSummary(long count, String truncatedBy, ApiException failure) {

    public boolean truncated() {
        return truncatedBy != null || failure != null;
    }
}
