package io.tidepool.query.boundary;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tidepool.platform.ErrorBody;
import io.tidepool.platform.Plane;
import io.tidepool.platform.PlaneFilter;
import io.tidepool.query.control.ActiveRequests;
import io.tidepool.query.control.QueryLimits;
import io.tidepool.query.control.QueryMetrics;
import io.tidepool.query.control.RunTokens;
import io.tidepool.query.control.RunTokens.RunToken;
import io.tidepool.query.entity.Caller;

/**
 * Identifies the caller of every SDK API request from its run token ({@code Authorization: Bearer
 * ...}), counts requests while they run and records each one's status and latency by script, body
 * included: a streamed result is timed until its last byte, not until its first. A token that is not
 * (or no longer) valid is refused with 401; so is a request without one when
 * {@code tidepool.query.require-token} is on.
 */
public class SdkRequestObserver implements Filter {

    static final Set<String> ENDPOINTS = Set.of("/db/query", "/metrics/percentile", "/metrics/error-rate",
            "/traces/query", "/system/cpu", "/system/memory", "/emit", "/health");

    private static final String BEARER = "Bearer ";

    @Inject
    ActiveRequests active;

    @Inject
    QueryMetrics metrics;

    @Inject
    RunTokens tokens;

    @Inject
    QueryLimits limits;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(PlaneFilter.PLANE_ATTRIBUTE) != Plane.SDK) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        String endpoint = ENDPOINTS.contains(path) ? path : "other";
        long started = System.nanoTime();
        Caller caller = Caller.remote(http.getRemoteAddr(), http.getRemotePort());
        active.started();
        try {
            String token = bearerToken(http.getHeader("Authorization"));
            if (token != null) {
                RunToken run = tokens.resolve(token);
                if (run == null) {
                    refuse(out, "invalid_token", "the run token is not valid: its run has ended or it was never issued");
                    return;
                }
                caller = Caller.script(run.scriptId(), run.runId(), http.getRemoteAddr(), http.getRemotePort());
            } else if (limits.requireToken()) {
                refuse(out, "token_required", "this server only answers scripts it runs: send the run's token "
                        + "(environment variable TIDEPOOL_TOKEN) as 'Authorization: Bearer <token>'");
                return;
            }
            SdkCaller.set(http, caller);
            chain.doFilter(request, response);
        } finally {
            active.finished();
            metrics.request(endpoint, caller, out.getStatus(), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private void refuse(HttpServletResponse out, String code, String message) throws IOException {
        metrics.rejected(code);
        out.setHeader("WWW-Authenticate", "Bearer realm=\"tidepool\"");
        ErrorBody.send(out, 401, code, message);
    }
}
