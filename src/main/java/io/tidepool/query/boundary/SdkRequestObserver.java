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

import io.tidepool.platform.Plane;
import io.tidepool.platform.PlaneFilter;
import io.tidepool.query.control.ActiveRequests;
import io.tidepool.query.control.QueryMetrics;

/**
 * Counts SDK API requests while they run and records each one's status and latency, body
 * included: a streamed result is timed until its last byte, not until its first.
 */
public class SdkRequestObserver implements Filter {

    static final Set<String> ENDPOINTS = Set.of("/db/query", "/metrics/percentile", "/metrics/error-rate",
            "/traces/query", "/system/cpu", "/system/memory", "/emit", "/health");

    @Inject
    ActiveRequests active;

    @Inject
    QueryMetrics metrics;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(PlaneFilter.PLANE_ATTRIBUTE) != Plane.SDK) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        String endpoint = ENDPOINTS.contains(path) ? path : "other";
        long started = System.nanoTime();
        active.started();
        try {
            chain.doFilter(request, response);
        } finally {
            active.finished();
            metrics.request(endpoint, ((HttpServletResponse) response).getStatus(), Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
