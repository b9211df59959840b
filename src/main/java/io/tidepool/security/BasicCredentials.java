package io.tidepool.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user and password of an {@code Authorization: Basic ...} header (RFC 7617). */
public record BasicCredentials(String user, String password) {

    private static final String SCHEME = "Basic ";
    private static final String REALM = "tidepool";

    /** Empty for no header, another scheme, malformed Base64, or a value without a user and a colon. */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** The WWW-Authenticate value that asks for Basic credentials of Tidepool's realm (server.xml's basic registry). */
    public static String challenge() {
        return "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
