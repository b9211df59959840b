package io.tidepool.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.ibm.websphere.security.PasswordCheckFailedException;
import com.ibm.websphere.security.WebTrustAssociationFailedException;
import com.ibm.wsspi.security.registry.RegistryHelper;
import com.ibm.wsspi.security.tai.TAIResult;
import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;

/**
 * Puts paths that Liberty serves without a login (its MP OpenAPI document and UI, which have no security
 * setting of their own) behind the management users: over HTTPS only, with HTTP Basic credentials of one of
 * the users named in the {@value #USERS} property (the administrator and the monitor), checked against the
 * server's user registry. Configured in server.xml as a trust association interceptor with
 * {@code invokeForUnprotectedURI}, so Liberty asks it about every request; it claims only the paths of the
 * {@value #PATHS} property. Errors have Tidepool's JSON shape.
 */
public class ManagementLoginInterceptor implements TrustAssociationInterceptor {

    /** Interceptor property: comma-separated path prefixes to protect. */
    public static final String PATHS = "paths";
    /** Interceptor property: comma-separated user names that may log in here. */
    public static final String USERS = "users";

    private static final Logger LOG = Logger.getLogger(ManagementLoginInterceptor.class.getName());

    /** Whether a user's password is right; the server's user registry outside tests. */
    @FunctionalInterface
    interface PasswordCheck {
        /** The user's security name when the password is right, null when it is not. */
        String securityName(String user, String password) throws Exception;
    }

    /** What to answer a request for a protected path. */
    sealed interface Verdict {
        record Trusted(String securityName) implements Verdict {
        }

        record Refused(int status, String code, String message) implements Verdict {
        }
    }

    private final PasswordCheck passwords;
    private volatile ProtectedPaths paths = ProtectedPaths.parse("");
    private volatile Set<String> users = Set.of();

    public ManagementLoginInterceptor() {
        this(ManagementLoginInterceptor::checkWithRegistry);
    }

    ManagementLoginInterceptor(PasswordCheck passwords) {
        this.passwords = passwords;
    }

    @Override
    public int initialize(Properties properties) {
        paths = ProtectedPaths.parse(properties.getProperty(PATHS));
        users = Arrays.stream(properties.getProperty(USERS, "").split(",")).map(String::strip)
                .filter(u -> !u.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (paths.isEmpty() || users.isEmpty()) {
            LOG.warning("The management login interceptor has no " + (paths.isEmpty() ? PATHS : USERS)
                    + " property: it protects nothing or lets nobody in.");
        }
        return 0;
    }

    @Override
    public boolean isTargetInterceptor(HttpServletRequest request) {
        return paths.covers(request.getRequestURI());
    }

    @Override
    public TAIResult negotiateValidateandEstablishTrust(HttpServletRequest request, HttpServletResponse response)
            throws WebTrustAssociationFailedException {
        Verdict verdict = verdict(request.isSecure(), request.getHeader("Authorization"));
        if (verdict instanceof Verdict.Trusted trusted) {
            return TAIResult.create(HttpServletResponse.SC_OK, trusted.securityName());
        }
        Verdict.Refused refused = (Verdict.Refused) verdict;
        if (refused.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", BasicCredentials.challenge());
        }
        writeError(response, refused);
        return TAIResult.create(refused.status());
    }

    Verdict verdict(boolean secure, String authorization) {
        if (!secure) {
            return new Verdict.Refused(HttpServletResponse.SC_FORBIDDEN, "https_required",
                    "this path is served over HTTPS only (the management HTTPS port), so that credentials never cross "
                            + "the network in clear");
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization).orElse(null);
        if (credentials == null) {
            return new Verdict.Refused(HttpServletResponse.SC_UNAUTHORIZED, "unauthenticated",
                    "this path needs a user: send HTTP Basic credentials of the administrator or the monitor "
                            + "configured by tidepool.security.*");
        }
        String securityName = null;
        if (users.contains(credentials.user())) {
            try {
                securityName = passwords.securityName(credentials.user(), credentials.password());
            } catch (Exception registryFailed) {
                LOG.log(Level.WARNING, "The user registry could not check the password of " + credentials.user()
                        + " for a management path: " + registryFailed);
            }
        }
        if (securityName == null) {
            return new Verdict.Refused(HttpServletResponse.SC_UNAUTHORIZED, "unauthenticated",
                    "user name or password not accepted");
        }
        return new Verdict.Trusted(securityName);
    }

    private static String checkWithRegistry(String user, String password) throws Exception {
        try {
            return RegistryHelper.getUserRegistry(null).checkPassword(user, password);
        } catch (PasswordCheckFailedException wrongPassword) {
            return null;
        }
    }

    /** Tidepool's error shape, {"error":{"code","message"}}, written by hand: the interceptor depends on nothing
     * but the servlet and security APIs, whatever features the server has. */
    private static void writeError(HttpServletResponse response, Verdict.Refused refused) {
        String body = "{\"error\":{\"code\":\"" + refused.code() + "\",\"message\":\""
                + refused.message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
        response.setContentType("application/json");
        try {
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException clientGone) {
            LOG.fine("Could not answer a refused management request: " + clientGone);
        }
    }

    @Override
    public String getVersion() {
        return "1";
    }

    @Override
    public String getType() {
        return "Tidepool management login";
    }

    @Override
    public void cleanup() {
        // Holds nothing that needs releasing.
    }
}
