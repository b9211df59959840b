package io.tidepool.platform;

import jakarta.ws.rs.core.MediaType;

/**
 * Request bodies of the SDK API are JSON. A missing Content-Type is accepted (scripts calling
 * fetch by hand often leave it out); any other type is 415.
 */
public final class JsonContentType {

    private JsonContentType() {
    }

    public static void require(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw ApiException.unsupportedMediaType("unreadable Content-Type '" + contentType + "'");
        }
        if (!type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw ApiException.unsupportedMediaType("Content-Type " + contentType + " is not supported; send application/json");
        }
    }
}
